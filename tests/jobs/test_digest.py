from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.digest import enqueue_digests
from postes.jobs.localtime import NOUMEA
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.chats import update_chat_settings
from tests.botapi.double import FakeBotApi
from tests.jobs.factories import make_chat, make_offer, outbox, subscribe


async def test_digest_gathers_the_days_alerts_into_one_message(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    digest_chat = await make_chat(sessions, clock(), 1, digest_hour=18)
    instant_chat = await make_chat(sessions, clock(), 2)
    for chat in (digest_chat, instant_chat):
        await subscribe(sessions, chat, "informatique", clock())
    first = await make_offer(sessions, clock(), reference="D-1")
    second = await make_offer(sessions, clock(), title="Technicien informatique", reference="D-2")
    await enqueue_alerts(sessions=sessions, offer_ids=[first, second], clock=clock, zone=NOUMEA)

    assert await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA) == 0  # 09:00
    await deliver_due(sessions=sessions, sender=sender, clock=clock)
    assert len(api.sent_messages(2)) == 2
    assert api.sent_messages(1) == []

    clock.now = datetime(2025, 7, 14, 7, 0, tzinfo=UTC)  # 18:00 in Nouméa
    assert await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA) == 1
    assert await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA) == 0
    await deliver_due(sessions=sessions, sender=sender, clock=clock)

    (message,) = api.sent_messages(1)
    assert "2 nouvelles offres" in message.text
    assert "Technicien informatique" in message.text
    rows = [r for r in await outbox(sessions) if r.chat_id == digest_chat]
    assert sorted((r.kind, r.status) for r in rows) == [
        ("alert", "included"),
        ("alert", "included"),
        ("digest:2025-07-14", "sent"),
    ]


async def test_held_alerts_are_released_when_the_chat_leaves_digest_mode(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1, digest_hour=18)
    await subscribe(sessions, chat, "informatique", clock())
    offer = await make_offer(sessions, clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    async with sessions() as session, session.begin():
        await update_chat_settings(session=session, chat_id=chat, digest_hour=None)

    clock.now = datetime(2025, 7, 14, 7, 0, tzinfo=UTC)
    assert await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA) == 0

    assert [(r.kind, r.status) for r in await outbox(sessions)] == [("alert", "pending")]
