"""Reminders at 08:00 Nouméa (21:00 UTC the day before), J-7 and J-1, derived from the DB."""

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.extensions import enqueue_extension_notices
from postes.jobs.localtime import NOUMEA
from postes.jobs.reminders import enqueue_due_reminders
from postes.storage.decisions import APPLIED, DISMISSED, decide, undo_decision
from tests.jobs.factories import follow, make_chat, make_offer, outbox, subscribe

DEADLINE = date(2025, 7, 25)  # a Friday; the clock starts Monday the 14th, 09:00 Nouméa


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def remind(sessions: async_sessionmaker, clock: FakeClock) -> int:
    return await enqueue_due_reminders(
        sessions=sessions, clock=clock, zone=NOUMEA, reminder_time=time(8, 0)
    )


async def kinds(sessions: async_sessionmaker) -> list[str]:
    return [row.kind for row in await outbox(sessions, "reminder", "extension")]


@pytest.fixture
async def alerted(sessions: async_sessionmaker, clock: FakeClock) -> tuple[int, int]:
    """A chat alerted on the 14th about an offer closing on the 25th."""
    chat = await make_chat(sessions, clock(), 1)
    await subscribe(sessions, chat, "informatique", clock())
    offer = await make_offer(sessions, clock(), deadline=DEADLINE, reference="R-1")
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    return chat, offer


@pytest.mark.usefixtures("alerted")
async def test_reminders_fire_at_0800_noumea_seven_and_one_day_before(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    steps = [
        (utc(2025, 7, 17, 20, 59), []),
        (utc(2025, 7, 17, 21, 0), ["reminder:7:2025-07-25"]),  # Fri 18th 08:00 Nouméa
        (utc(2025, 7, 18, 3, 0), ["reminder:7:2025-07-25"]),
        (utc(2025, 7, 23, 20, 59), ["reminder:7:2025-07-25"]),
        (utc(2025, 7, 23, 21, 0), ["reminder:7:2025-07-25", "reminder:1:2025-07-25"]),
    ]
    for moment, expected in steps:
        clock.now = moment
        await remind(sessions, clock)
        assert await kinds(sessions) == expected, moment


@pytest.mark.usefixtures("alerted")
async def test_missed_reminder_is_sent_once_after_downtime(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    clock.now = utc(2025, 7, 19, 10, 0)  # down from before the 18th 08:00 until the 19th

    assert await remind(sessions, clock) == 1
    assert await remind(sessions, clock) == 0
    assert await kinds(sessions) == ["reminder:7:2025-07-25"]


@pytest.mark.usefixtures("alerted")
async def test_only_the_nearest_reminder_is_sent_when_several_are_due(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    clock.now = utc(2025, 7, 24, 2, 0)  # down over both J-7 and J-1

    await remind(sessions, clock)

    assert await kinds(sessions) == ["reminder:1:2025-07-25"]


@pytest.mark.usefixtures("alerted")
async def test_reminder_not_sent_after_the_deadline(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    clock.now = utc(2025, 7, 25, 13, 0)  # Saturday 26th 00:00 in Nouméa: applications closed

    assert await remind(sessions, clock) == 0

    clock.now = utc(2025, 7, 25, 12, 59)  # still the 25th in Nouméa: J-1 is late but useful
    assert await remind(sessions, clock) == 1


async def test_followed_offer_is_reminded_without_an_alert(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1, reminder_days=[3])
    offer = await make_offer(sessions, clock(), deadline=DEADLINE)
    await follow(sessions, chat, offer, clock())
    clock.now = utc(2025, 7, 21, 21, 0)  # 22nd 08:00 Nouméa, three days before

    assert await remind(sessions, clock) == 1
    assert await kinds(sessions) == ["reminder:3:2025-07-25"]


async def test_no_j7_reminder_for_an_offer_learned_of_after_j7(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    clock.now = utc(2025, 7, 20, 0, 0)  # the 20th: J-7 (the 18th) is already past
    chat = await make_chat(sessions, clock(), 1)
    offer = await make_offer(sessions, clock(), deadline=DEADLINE)
    await follow(sessions, chat, offer, clock())

    assert await remind(sessions, clock) == 0
    clock.now = utc(2025, 7, 23, 21, 0)
    assert await remind(sessions, clock) == 1


async def test_paused_chat_gets_no_reminder(sessions: async_sessionmaker, clock: FakeClock) -> None:
    chat = await make_chat(sessions, clock(), 1, paused=True)
    offer = await make_offer(sessions, clock(), deadline=DEADLINE)
    await follow(sessions, chat, offer, clock())
    clock.now = utc(2025, 7, 23, 21, 0)

    assert await remind(sessions, clock) == 0


async def test_extension_is_announced_once_and_moves_the_reminders(
    sessions: async_sessionmaker, clock: FakeClock, alerted: tuple[int, int]
) -> None:
    chat, offer = alerted
    follower = await make_chat(sessions, clock(), 2)
    await follow(sessions, follower, offer, clock())
    bystander = await make_chat(sessions, clock(), 3)
    clock.now = utc(2025, 7, 17, 21, 0)
    await remind(sessions, clock)  # J-7 of the first deadline, for both chats
    clock.now = utc(2025, 7, 19, 0, 0)
    await make_offer(sessions, clock(), deadline=date(2025, 8, 8), reference="R-1")

    assert await enqueue_extension_notices(sessions=sessions, clock=clock) == 2
    assert await enqueue_extension_notices(sessions=sessions, clock=clock) == 0
    extensions = await outbox(sessions, "extension")
    assert sorted(r.chat_id for r in extensions) == [chat, follower]
    assert bystander not in {r.chat_id for r in extensions}
    assert extensions[0].kind == "extension:2025-08-08"
    assert extensions[0].payload == {"old": "2025-07-25", "new": "2025-08-08"}

    clock.now = utc(2025, 7, 23, 21, 0)  # the old J-1: nothing, the deadline moved
    assert await remind(sessions, clock) == 0
    clock.now = utc(2025, 7, 31, 21, 0)  # 1st August 08:00: J-7 of the new deadline
    assert await remind(sessions, clock) == 2
    assert [r.kind for r in await outbox(sessions, "reminder") if r.chat_id == chat] == [
        "reminder:7:2025-07-25",
        "reminder:7:2025-08-08",
    ]


@pytest.mark.parametrize("decision", [APPLIED, DISMISSED])
async def test_applied_or_dismissed_offers_get_no_more_reminders(
    sessions: async_sessionmaker, clock: FakeClock, alerted: tuple[int, int], decision: str
) -> None:
    chat, offer = alerted
    await follow(sessions, chat, offer, clock())
    clock.now = utc(2025, 7, 17, 21, 0)  # J-7 is due
    assert await remind(sessions, clock) == 1
    async with sessions() as session, session.begin():
        await decide(session=session, chat_id=chat, offer_id=offer, decision=decision, now=clock())

    # The J-7 enqueued a moment before is not sent, and no J-1 comes.
    (reminder,) = await outbox(sessions, "reminder")
    assert reminder.status == "dropped"
    clock.now = utc(2025, 7, 23, 21, 0)
    assert await remind(sessions, clock) == 0

    # Undone: the nearest reminder still due comes back.
    async with sessions() as session, session.begin():
        assert await undo_decision(session=session, chat_id=chat, offer_id=offer) == decision
    assert await remind(sessions, clock) == 1
    assert await kinds(sessions) == ["reminder:7:2025-07-25", "reminder:1:2025-07-25"]


async def test_a_chat_that_applied_hears_nothing_of_an_extension(
    sessions: async_sessionmaker, clock: FakeClock, alerted: tuple[int, int]
) -> None:
    chat, offer = alerted
    follower = await make_chat(sessions, clock(), 2)
    await follow(sessions, follower, offer, clock())
    async with sessions() as session, session.begin():
        await decide(session=session, chat_id=chat, offer_id=offer, decision=APPLIED, now=clock())
    await make_offer(sessions, clock(), deadline=date(2025, 8, 8), reference="R-1")

    assert await enqueue_extension_notices(sessions=sessions, clock=clock) == 1
    assert [r.chat_id for r in await outbox(sessions, "extension")] == [follower]
