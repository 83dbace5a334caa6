"""Every deadline an offer has had: its current and first ones, and each recorded change.

The offer_changes rows already hold each move (old and new dates), so the history needs no
table of its own; a copy of a notice is judged against it (`offers.deadline_versions`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from postes.storage.models import OfferChangeRow, OfferRow


async def deadlines_seen(*, session: AsyncSession, row: OfferRow) -> set[date]:
    """The deadlines the offer has had, the current one included."""
    seen = {day for day in (row.deadline, row.initial_deadline) if day is not None}
    changes = await session.execute(
        select(OfferChangeRow.old_value, OfferChangeRow.new_value).where(
            OfferChangeRow.offer_id == row.id, OfferChangeRow.field == "deadline"
        )
    )
    for old, new in changes:
        seen.update(date.fromisoformat(value) for value in (old, new) if value)
    return seen


def record_deadline_change(
    *, session: AsyncSession, offer_id: int, old: date | None, new: date | None, now: datetime
) -> None:
    """Remember a deadline move, for the history and for the notices it calls for."""
    session.add(
        OfferChangeRow(
            offer_id=offer_id,
            field="deadline",
            old_value=old.isoformat() if old else None,
            new_value=new.isoformat() if new else None,
            changed_at=now,
        )
    )


async def list_pending_deadline_changes(*, session: AsyncSession) -> list[OfferChangeRow]:
    """Deadline changes not yet turned into notices, oldest first, with their offer loaded."""
    result = await session.scalars(
        select(OfferChangeRow)
        .where(OfferChangeRow.field == "deadline", OfferChangeRow.notified_at.is_(None))
        .options(selectinload(OfferChangeRow.offer))
        .order_by(OfferChangeRow.id)
    )
    return list(result)


async def mark_change_notified(*, session: AsyncSession, change_id: int, now: datetime) -> None:
    """Record that the change's notices are enqueued, so a re-run skips it."""
    change = await session.get(OfferChangeRow, change_id)
    if change is not None and change.notified_at is None:
        change.notified_at = now
