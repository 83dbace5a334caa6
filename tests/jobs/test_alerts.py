from datetime import date, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.localtime import NOUMEA
from postes.storage.chats import deactivate_chat
from postes.storage.subscriptions import set_subscription_paused
from tests.jobs.factories import make_chat, make_offer, outbox, subscribe


async def test_new_offer_alerts_each_matching_chat_once(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    now = clock()
    both = await make_chat(sessions, now, 1)
    first = await subscribe(sessions, both, "corps:attaché", now)
    second = await subscribe(sessions, both, "informatique", now)
    employer_only = await make_chat(sessions, now, 2)
    await subscribe(sessions, employer_only, 'employeur:"province sud"', now)
    other = await make_chat(sessions, now, 3)
    await subscribe(sessions, other, "corps:rédacteur", now)
    clock.advance(timedelta(minutes=1))
    offer_id = await make_offer(sessions, clock())

    added = await enqueue_alerts(sessions=sessions, offer_ids=[offer_id], clock=clock, zone=NOUMEA)

    rows = await outbox(sessions)
    assert added == 2
    assert sorted((r.chat_id, r.kind, r.status) for r in rows) == [
        (both, "alert", "pending"),
        (employer_only, "alert", "pending"),
    ]
    by_chat = {r.chat_id: r for r in rows}
    assert by_chat[both].payload == {"subscription_ids": [first, second]}
    assert by_chat[both].due_at.replace(tzinfo=None) == clock().replace(tzinfo=None)


async def test_rerunning_matching_enqueues_nothing_twice(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1)
    await subscribe(sessions, chat, "informatique", clock())
    offer_id = await make_offer(sessions, clock())

    first = await enqueue_alerts(sessions=sessions, offer_ids=[offer_id], clock=clock, zone=NOUMEA)
    again = await enqueue_alerts(
        sessions=sessions, offer_ids=[offer_id, offer_id], clock=clock, zone=NOUMEA
    )

    assert (first, again) == (1, 0)
    assert len(await outbox(sessions)) == 1


async def test_paused_inactive_and_muted_get_no_alert(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    now = clock()
    paused = await make_chat(sessions, now, 1, paused=True)
    await subscribe(sessions, paused, "informatique", now)
    inactive = await make_chat(sessions, now, 2)
    await subscribe(sessions, inactive, "informatique", now)
    muted = await make_chat(sessions, now, 3)
    muted_sub = await subscribe(sessions, muted, "informatique", now)
    async with sessions() as session, session.begin():
        await deactivate_chat(session=session, chat_id=inactive, now=now)
        await set_subscription_paused(
            session=session, chat_id=muted, subscription_id=muted_sub, paused=True
        )
    offer_id = await make_offer(sessions, now)

    assert (
        await enqueue_alerts(sessions=sessions, offer_ids=[offer_id], clock=clock, zone=NOUMEA) == 0
    )


async def test_offer_already_closed_gets_no_alert(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1)
    await subscribe(sessions, chat, "informatique", clock())
    # 2025-07-14 in Nouméa: a deadline of the 13th is past, the 14th is still open.
    closed = await make_offer(sessions, clock(), deadline=date(2025, 7, 13), reference="A-1")
    today = await make_offer(sessions, clock(), deadline=date(2025, 7, 14), reference="A-2")

    await enqueue_alerts(sessions=sessions, offer_ids=[closed, today], clock=clock, zone=NOUMEA)

    assert [r.offer_id for r in await outbox(sessions)] == [today]


async def test_subscription_newer_than_the_offer_is_not_alerted(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer_id = await make_offer(sessions, clock())
    clock.advance(timedelta(hours=2))
    chat = await make_chat(sessions, clock(), 1)
    await subscribe(sessions, chat, "informatique", clock())

    assert (
        await enqueue_alerts(sessions=sessions, offer_ids=[offer_id], clock=clock, zone=NOUMEA) == 0
    )


async def test_digest_chat_gets_alert_held_until_its_digest_hour(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1, digest_hour=18)
    await subscribe(sessions, chat, "informatique", clock())
    offer_id = await make_offer(sessions, clock())

    await enqueue_alerts(sessions=sessions, offer_ids=[offer_id], clock=clock, zone=NOUMEA)

    (row,) = await outbox(sessions)
    assert row.status == "held"
    # 18:00 in Nouméa on the 14th is 07:00 UTC the same day.
    assert row.due_at.replace(tzinfo=None).isoformat() == "2025-07-14T07:00:00"


async def test_place_and_any_keyword_subscriptions_are_alerted(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    now = clock()
    in_noumea = await make_chat(sessions, now, 1)
    await subscribe(sessions, in_noumea, "lieu:NOUMEA", now)
    in_kone = await make_chat(sessions, now, 2)
    await subscribe(sessions, in_kone, "lieu:koné", now)
    either = await make_chat(sessions, now, 3)
    await subscribe(sessions, either, "jardinier OU informatique", now)
    both = await make_chat(sessions, now, 4)
    await subscribe(sessions, both, "jardinier informatique", now)
    clock.advance(timedelta(minutes=1))
    offer_id = await make_offer(sessions, clock())  # informatique, in Nouméa

    await enqueue_alerts(sessions=sessions, offer_ids=[offer_id], clock=clock, zone=NOUMEA)

    assert sorted(r.chat_id for r in await outbox(sessions)) == [in_noumea, either]
