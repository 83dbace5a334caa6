"""Corrections repository: an operator's values for fields of an offer, kept apart from it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import CorrectionRow


async def list_corrections(*, session: AsyncSession, offer_id: int) -> dict[str, str]:
    """Field -> corrected value for an offer."""
    rows = await session.scalars(select(CorrectionRow).where(CorrectionRow.offer_id == offer_id))
    return {row.field: row.value for row in rows}


async def set_correction(
    *, session: AsyncSession, offer_id: int, field: str, value: str, now: datetime
) -> None:
    """Record (or replace) the operator's value for one field of an offer."""
    row = await session.scalar(
        select(CorrectionRow).where(
            CorrectionRow.offer_id == offer_id, CorrectionRow.field == field
        )
    )
    if row is None:
        session.add(CorrectionRow(offer_id=offer_id, field=field, value=value, created_at=now))
    else:
        row.value, row.created_at = value, now
    await session.flush()


async def remove_correction(*, session: AsyncSession, offer_id: int, field: str) -> bool:
    """Forget the operator's value for a field; whether there was one."""
    result = await session.execute(
        delete(CorrectionRow).where(
            CorrectionRow.offer_id == offer_id, CorrectionRow.field == field
        )
    )
    return bool(getattr(result, "rowcount", 0))
