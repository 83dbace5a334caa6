"""Offers found by part of their reference, for `/offre 0925`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.offers.reference_parts import fits_reference, longest_segment
from postes.storage.models import OfferRow

# More candidates than this for one fragment is a fragment too short to mean anything.
MAX_CANDIDATES = 200


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def find_offers_by_reference_part(
    *, session: AsyncSession, fragment: str, limit: int
) -> list[OfferRow]:
    """Offers whose reference contains the fragment's segments in a row, newest first."""
    core = longest_segment(fragment).lstrip("0") or longest_segment(fragment)
    if not core:
        return []
    rows = await session.scalars(
        select(OfferRow)
        .where(OfferRow.reference.like(f"%{_like_escape(core)}%", escape="\\"))
        .order_by(OfferRow.id.desc())
        .limit(MAX_CANDIDATES)
    )
    found = [row for row in rows if row.reference and fits_reference(fragment, row.reference)]
    return found[:limit]
