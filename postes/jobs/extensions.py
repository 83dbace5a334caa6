"""Tell chats that knew of an offer (alerted or following) that its deadline moved.

Each change is turned into `extension:<new date>` rows (later) or `shortening:<new date>` rows
(earlier: only stored when the notice announced it or an operator corrected it, see
`offers.deadline_versions`) and marked notified in the same transaction, so a re-run or a
second scheduler enqueues nothing twice. A deadline removed is recorded but not announced.
Reminders for the new date follow by themselves, their kind carrying the deadline.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import literal, select, union
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from postes.clock import Clock
from postes.storage.deadline_history import list_pending_deadline_changes, mark_change_notified
from postes.storage.decisions import undecided
from postes.storage.models import ChatRow, FollowRow, OutboxRow
from postes.storage.outbox import LIVE_ALERT_STATUSES, NewMessage, enqueue_messages

logger = logging.getLogger(__name__)


async def chats_knowing_offer(*, session: AsyncSession, offer_id: int) -> list[int]:
    """Active, unpaused chats that were alerted about the offer or follow it, and did not
    apply to it or set it aside."""
    alerted = select(OutboxRow.chat_id).where(
        OutboxRow.offer_id == offer_id,
        OutboxRow.kind == "alert",
        OutboxRow.status.in_(LIVE_ALERT_STATUSES),
    )
    followed = select(FollowRow.chat_id).where(FollowRow.offer_id == offer_id)
    ids = await session.scalars(
        select(ChatRow.id)
        .where(ChatRow.id.in_(union(alerted, followed)))
        .where(ChatRow.active.is_(True), ChatRow.paused.is_(False))
        # A chat that applied, or set the offer aside, has no use for a new deadline.
        .where(undecided(ChatRow.id, literal(offer_id)))
        .order_by(ChatRow.id)
    )
    return list(ids)


async def enqueue_extension_notices(*, sessions: async_sessionmaker, clock: Clock) -> int:
    """Enqueue a notice per chat for each deadline extension not yet notified."""
    now = clock()
    total = 0
    async with sessions() as session, session.begin():
        for change in await list_pending_deadline_changes(session=session):
            old = date.fromisoformat(change.old_value) if change.old_value else None
            new = date.fromisoformat(change.new_value) if change.new_value else None
            if new is not None and new != old:
                moved = "extension" if old is None or new > old else "shortening"
                kind = f"{moved}:{new.isoformat()}"
                payload = {"old": change.old_value, "new": change.new_value}
                chats = await chats_knowing_offer(session=session, offer_id=change.offer_id)
                messages = [NewMessage(c, change.offer_id, kind, now, payload) for c in chats]
                added = await enqueue_messages(session=session, messages=messages, now=now)
                total += added
                logger.info(
                    "deadline of offer %s moved to %s: notice enqueued to %d chats",
                    change.offer_id,
                    new,
                    added,
                )
            await mark_change_notified(session=session, change_id=change.id, now=now)
    return total
