"""The corps names notices use, to tell users whether a `corps:` filter can ever match."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import ScalarResult
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import OfferRow


async def list_corps_terms(*, session: AsyncSession) -> list[tuple[str, ...]]:
    """The terms of every corps any stored offer names (open or closed), without duplicates."""
    found: set[tuple[str, ...]] = set()
    for text in await session.scalars(select(OfferRow.corps_terms).distinct()):
        for names in json.loads(text or "[]"):
            found.add(tuple(str(names).split()))
    return sorted(found)


async def most_common_open_corps(*, session: AsyncSession, today: date, count: int) -> list[str]:
    """The corps names most open offers are open to, most frequent first."""
    counts: Counter[str] = Counter()
    rows: ScalarResult[list[dict[str, Any]]] = await session.scalars(
        select(OfferRow.corps).where(OfferRow.open_until >= today)
    )
    for corps in rows:
        for item in corps or []:
            if name := str(item.get("name") or "").strip():
                counts[name] += 1
    return [name for name, _ in counts.most_common(count)]
