"""Offers a person should check, and operators' corrections written back into them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.offers.corrections import apply_corrections
from postes.storage.corrections import list_corrections
from postes.storage.deadline_history import record_deadline_change
from postes.storage.models import OfferRow
from postes.storage.offers import (
    DeadlineChange,
    get_offer,
    get_offer_by_reference,
    is_open_clause,
    offer_columns,
    offer_from_row,
)


async def apply_stored_corrections(
    *, session: AsyncSession, row: OfferRow, now: datetime
) -> DeadlineChange | None:
    """Rewrite a stored offer with its operator's corrections; the deadline change, if any."""
    offer = apply_corrections(
        offer_from_row(row), await list_corrections(session=session, offer_id=row.id)
    )
    values = offer_columns(offer)
    del values["content_hash"]  # the notice is still the same notice
    values["open_until"] = offer.open_until(row.created_at.date())
    change = (row.deadline, offer.deadline) if row.deadline != offer.deadline else None
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = now
    if change and change[0] is not None and change[1] is not None:
        # Users were told the old date: they hear of the right one, later or earlier.
        record_deadline_change(
            session=session, offer_id=row.id, old=change[0], new=change[1], now=now
        )
    await session.flush()
    return change


async def list_offers_to_review(
    *, session: AsyncSession, today: date, limit: int = 50
) -> list[OfferRow]:
    """Open offers the parser flagged for a person to check, most recent first."""
    result = await session.scalars(
        select(OfferRow)
        .where(OfferRow.review.is_not(None), is_open_clause(today))
        .order_by(OfferRow.created_at.desc(), OfferRow.id.desc())
        .limit(limit)
    )
    return list(result)


async def find_offer(*, session: AsyncSession, key: str) -> OfferRow | None:
    """The offer a person names: its reference, or `#12` / `12` for its number."""
    row = await get_offer_by_reference(session=session, reference=key)
    number = key.strip().lstrip("#")
    if row is None and number.isdigit():
        row = await get_offer(session=session, offer_id=int(number))
    return row
