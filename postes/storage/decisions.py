"""What a chat did about an offer: applied to it, or not interested. Either ends its reminders.

Recording a decision also drops the chat's reminders for that offer still waiting in the
outbox, in the same transaction, so a reminder enqueued a moment earlier is not sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, ColumnExpressionArgument, and_, delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import DecisionRow, OutboxRow

APPLIED = "applied"
DISMISSED = "dismissed"
DECISIONS = (APPLIED, DISMISSED)


async def decide(
    *, session: AsyncSession, chat_id: int, offer_id: int, decision: str, now: datetime
) -> bool:
    """Record (or change) the chat's decision on an offer; False when it was already that."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision: {decision!r}")
    # One statement, so two taps racing on the button neither fail nor record twice.
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(DecisionRow).values(
        chat_id=chat_id, offer_id=offer_id, decision=decision, decided_at=now
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[DecisionRow.chat_id, DecisionRow.offer_id],
        set_={"decision": decision, "decided_at": now},
        where=DecisionRow.decision != decision,
    ).returning(DecisionRow.id)
    if (await session.execute(upsert)).first() is None:
        return False  # already that decision
    await session.execute(
        update(OutboxRow)
        .where(
            OutboxRow.chat_id == chat_id,
            OutboxRow.offer_id == offer_id,
            OutboxRow.kind.startswith("reminder:"),
            OutboxRow.status == "pending",
        )
        .values(status="dropped", last_error=f"offer marked {decision}")
        .execution_options(synchronize_session=False)
    )
    return True


async def undo_decision(*, session: AsyncSession, chat_id: int, offer_id: int) -> str | None:
    """Forget the chat's decision on an offer; return what it was, or None."""
    row = await session.scalar(
        select(DecisionRow).where(DecisionRow.chat_id == chat_id, DecisionRow.offer_id == offer_id)
    )
    if row is None:
        return None
    await session.execute(delete(DecisionRow).where(DecisionRow.id == row.id))
    return row.decision


async def decisions_of_chat(*, session: AsyncSession, chat_id: int) -> dict[int, str]:
    """Offer id -> decision, for one chat, most recent first."""
    rows = await session.execute(
        select(DecisionRow.offer_id, DecisionRow.decision)
        .where(DecisionRow.chat_id == chat_id)
        .order_by(DecisionRow.decided_at.desc(), DecisionRow.id.desc())
    )
    return {offer_id: decision for offer_id, decision in rows}


async def decisions_between(
    *, session: AsyncSession, chat_ids: Iterable[int], offer_ids: Iterable[int]
) -> dict[tuple[int, int], str]:
    """(chat id, offer id) -> decision, for these chats and offers."""
    rows = await session.execute(
        select(DecisionRow.chat_id, DecisionRow.offer_id, DecisionRow.decision).where(
            DecisionRow.chat_id.in_(set(chat_ids)), DecisionRow.offer_id.in_(set(offer_ids))
        )
    )
    return {(chat_id, offer_id): decision for chat_id, offer_id, decision in rows}


def undecided(
    chat_id: ColumnExpressionArgument[int], offer_id: ColumnExpressionArgument[int]
) -> ColumnElement[bool]:
    """A query condition: the chat made no decision on the offer (for reminders, notices)."""
    return ~exists().where(and_(DecisionRow.chat_id == chat_id, DecisionRow.offer_id == offer_id))
