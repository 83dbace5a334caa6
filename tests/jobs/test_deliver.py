"""Delivery through PTB and the Bot API double: marked sent only once Telegram accepted."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.conversation.replies import Reply
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import MAX_ATTEMPTS, deliver_due
from postes.jobs.errors import TransientError
from postes.jobs.localtime import NOUMEA
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.chats import get_chat, update_chat_settings
from postes.storage.models import ChatRow
from tests.botapi.double import FakeBotApi
from tests.jobs.factories import make_chat, make_offer, outbox, subscribe
from tests.jobs.virtualtime import VirtualTime


async def alert_chats(
    sessions: async_sessionmaker, clock: FakeClock, *ids: int, **settings: object
) -> tuple[list[int], list[int], int]:
    """Chats subscribed to `informatique`, alerted about one new offer; return (chats, offer)."""
    chats = [await make_chat(sessions, clock(), i, **settings) for i in ids]
    subscriptions = [await subscribe(sessions, c, "informatique", clock()) for c in chats]
    offer = await make_offer(sessions, clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    return chats, subscriptions, offer


async def statuses(sessions: async_sessionmaker) -> list[str]:
    return [row.status for row in await outbox(sessions)]


async def test_alert_is_sent_as_html_with_its_buttons(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    _, (subscription,), offer = await alert_chats(sessions, clock, 501)

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    assert report.sent == 1
    (message,) = api.sent_messages(501)
    assert message.parse_mode == "HTML"
    assert "Nouvelle offre" in message.text
    assert "Attaché informatique" in message.text
    # It says which subscription brought it.
    assert f"via votre abonnement n°{subscription} (mots-clés : informatique)" in message.text
    buttons = [b["callback_data"] for row in message.reply_markup["inline_keyboard"] for b in row]
    assert buttons == [
        f"off:{offer}",
        f"ics:{offer}",
        f"app:{offer}",
        f"nop:{offer}",
        f"fol:{offer}",
        f"sub:mute:{subscription}",
    ]
    (row,) = await outbox(sessions)
    assert (row.status, row.message_id, row.attempts) == ("sent", str(message.message_id), 1)


async def test_storm_of_429_is_waited_out_without_loss(
    sessions: async_sessionmaker,
    clock: FakeClock,
    sender: TelegramSender,
    api: FakeBotApi,
    limiter: ChatRateLimiter,
    vtime: VirtualTime,
) -> None:
    await alert_chats(sessions, clock, *range(601, 611))
    for _ in range(3):
        api.fail_next("sendMessage", 429, retry_after=5)
    started = vtime()

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock, concurrency=4)

    assert report.sent == 10
    assert await statuses(sessions) == ["sent"] * 10
    assert sorted(m.chat_id for m in api.sent_messages()) == list(range(601, 611))
    assert limiter.retries == 3
    assert api.rejected_429 == 3
    assert vtime() - started >= 5  # the storm was waited out, not hammered through


async def test_429_beyond_the_limiters_retries_is_rescheduled(
    sessions: async_sessionmaker, clock: FakeClock, api: FakeBotApi, bot, vtime: VirtualTime
) -> None:
    bot.rate_limiter._max_retries = 0  # the limiter gives up at once: the outbox retries
    await alert_chats(sessions, clock, 701)
    api.fail_next("sendMessage", 429, retry_after=30)

    report = await deliver_due(sessions=sessions, sender=TelegramSender(bot), clock=clock)

    (row,) = await outbox(sessions)
    assert (report.retried, row.status, row.attempts) == (1, "pending", 0)
    clock.advance(timedelta(seconds=31))
    assert (await deliver_due(sessions=sessions, sender=TelegramSender(bot), clock=clock)).sent == 1


async def test_403_deactivates_the_chat_and_drops_its_pending_messages(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    (blocked, ok), _, _ = await alert_chats(sessions, clock, 801, 802)
    second = await make_offer(sessions, clock(), title="Rédacteur informatique", reference="X-2")
    await enqueue_alerts(sessions=sessions, offer_ids=[second], clock=clock, zone=NOUMEA)
    api.block(801)

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    assert (report.deactivated, report.sent) == (1, 2)
    async with sessions() as session:
        chat = await get_chat(session=session, chat_id=blocked)
        assert chat is not None
        assert chat.active is False
    rows = await outbox(sessions)
    assert {r.status for r in rows if r.chat_id == blocked} == {"dropped"}
    assert {r.status for r in rows if r.chat_id == ok} == {"sent"}


async def test_400_is_recorded_as_failed_with_its_reason_and_not_retried(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    await alert_chats(sessions, clock, 901)
    api.fail_next("sendMessage", 400, "message is too long")

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)
    clock.advance(timedelta(hours=2))
    again = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    (row,) = await outbox(sessions)
    assert (report.failed, again.sent, row.status) == (1, 0, "failed")
    assert row.last_error == "Message is too long"  # PTB capitalises the description
    assert api.sent_messages() == []


class FlakySender:
    def __init__(self) -> None:
        self.calls = 0

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        self.calls += 1
        raise TransientError("connection reset")


async def test_network_errors_are_retried_with_backoff_then_given_up(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await alert_chats(sessions, clock, 1001)
    flaky = FlakySender()

    for _ in range(MAX_ATTEMPTS + 2):
        await deliver_due(sessions=sessions, sender=flaky, clock=clock)
        (row,) = await outbox(sessions)
        if row.status == "pending":
            due = row.due_at.replace(tzinfo=UTC)
            assert due > clock()  # not before its backoff
            clock.now = due

    assert flaky.calls == MAX_ATTEMPTS
    assert (row.status, row.attempts, row.last_error) == (
        "failed",
        MAX_ATTEMPTS,
        "TransientError: connection reset",
    )


async def test_quiet_hours_delay_messages_to_their_end(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    clock.now = datetime(2025, 7, 14, 12, 30, tzinfo=UTC)  # 23:30 in Nouméa
    await alert_chats(sessions, clock, 1101, quiet_start=22 * 60, quiet_end=7 * 60)

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    (row,) = await outbox(sessions)
    assert (report.deferred, row.status) == (1, "pending")
    assert row.due_at.replace(tzinfo=UTC) == datetime(2025, 7, 14, 20, 0, tzinfo=UTC)  # 07:00
    clock.now = datetime(2025, 7, 14, 20, 0, tzinfo=UTC)
    assert (await deliver_due(sessions=sessions, sender=sender, clock=clock)).sent == 1
    assert len(api.sent_messages(1101)) == 1


async def test_paused_chat_keeps_its_messages_until_it_resumes(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender
) -> None:
    (chat,), _, _ = await alert_chats(sessions, clock, 1201)
    async with sessions() as session, session.begin():
        await update_chat_settings(session=session, chat_id=chat, paused=True)

    assert (await deliver_due(sessions=sessions, sender=sender, clock=clock)).sent == 0
    async with sessions() as session, session.begin():
        await update_chat_settings(session=session, chat_id=chat, paused=False)
    assert (await deliver_due(sessions=sessions, sender=sender, clock=clock)).sent == 1


async def test_alert_for_an_offer_closed_meanwhile_is_dropped(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    await alert_chats(sessions, clock, 1301)
    clock.now = datetime(2025, 8, 2, tzinfo=UTC)  # the offer closed on 1st August

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    (row,) = await outbox(sessions)
    assert (report.dropped, row.status, row.last_error) == (1, "dropped", "date limite passée")
    assert api.sent_messages() == []


class SlowRecordingSender:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        await asyncio.sleep(0.001)
        self.sent.append(chat.external_id)
        return str(len(self.sent))


async def test_two_senders_at_once_never_send_a_message_twice(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await alert_chats(sessions, clock, *range(1401, 1441))
    recorder = SlowRecordingSender()

    reports = await asyncio.gather(
        *(deliver_due(sessions=sessions, sender=recorder, clock=clock, batch=7) for _ in range(2))
    )

    assert sorted(recorder.sent) == sorted(str(i) for i in range(1401, 1441))
    assert sum(r.sent for r in reports) == 40


class StoppingSender(SlowRecordingSender):
    """Asks the run to stop while the first message is in hand, as a shutdown would."""

    def __init__(self, stop: asyncio.Event) -> None:
        super().__init__()
        self.stop = stop

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        self.stop.set()
        return await super().send(chat, reply)


async def test_stopping_finishes_the_message_in_hand_and_releases_the_rest(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await alert_chats(sessions, clock, *range(1501, 1511))
    stop = asyncio.Event()
    sender = StoppingSender(stop)

    report = await deliver_due(
        sessions=sessions, sender=sender, clock=clock, concurrency=1, stop=stop
    )

    rows = await outbox(sessions)
    assert report.sent == len(sender.sent) == 1
    assert sorted(row.status for row in rows) == ["pending"] * 9 + ["sent"]
    assert all(row.claimed_by is None for row in rows)  # the next run may send them at once
    after = await deliver_due(sessions=sessions, sender=SlowRecordingSender(), clock=clock)
    assert after.sent == 9
