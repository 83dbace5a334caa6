"""A batch keeps its claims while it is being sent, and a deposed sender stops."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import system_clock
from postes.conversation.replies import Reply
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.localtime import NOUMEA
from postes.storage.models import ChatRow, OutboxRow
from postes.storage.outbox import claim_due
from tests.jobs.factories import make_chat, make_offer, subscribe


class SlowSender:
    """Takes `seconds` per message, and remembers the chats it sent to."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.sent: list[int] = []

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        await asyncio.sleep(self.seconds)
        self.sent.append(chat.id)
        return str(len(self.sent))


async def alerts_for(sessions: async_sessionmaker, chats: int) -> None:
    now = datetime.now(UTC)
    offer = await make_offer(sessions, now, deadline=now.date() + timedelta(days=30))
    for user in range(1, chats + 1):
        await subscribe(sessions, await make_chat(sessions, now, user), "informatique", now)
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=system_clock, zone=NOUMEA)


async def test_claims_of_a_slow_batch_are_renewed_so_no_one_else_takes_them(
    sessions: async_sessionmaker,
) -> None:
    await alerts_for(sessions, 2)
    sender = SlowSender(1.2)  # each message outlives the 0.3 s lease several times
    delivering = asyncio.create_task(
        deliver_due(
            sessions=sessions,
            sender=sender,
            clock=system_clock,
            lease=timedelta(seconds=0.3),
            concurrency=1,
        )
    )
    await asyncio.sleep(0.8)
    async with sessions() as session, session.begin():
        now = system_clock()
        taken = await claim_due(session=session, now=now, token="other", until=now, limit=10)
    report = await delivering

    assert taken == []
    assert report.sent == 2
    assert sorted(sender.sent) == sorted(set(sender.sent))


async def test_a_sender_that_loses_its_leadership_stops_between_messages(
    sessions: async_sessionmaker,
) -> None:
    await alerts_for(sessions, 3)
    sender = SlowSender(0)
    leading = iter([True, True, False])  # asked before each claim and each message

    report = await deliver_due(
        sessions=sessions,
        sender=sender,
        clock=system_clock,
        concurrency=1,
        leading=lambda: next(leading, False),
    )

    async with sessions() as session:
        rows = list(await session.scalars(select(OutboxRow).order_by(OutboxRow.id)))
    assert report.sent == 1
    assert [row.status for row in rows] == ["sent", "pending", "pending"]
    assert all(row.claimed_by is None for row in rows)  # released for the new leader
