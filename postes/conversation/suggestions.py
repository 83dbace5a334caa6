"""The employers and corps most present among open offers, offered as subscribe buttons.

A button names its choice by an offer that has it (`e42`: the employer of offer 42,
`c42.1`: its second corps): a few bytes of callback data that stay valid across restarts,
whatever the length of the name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.offers.text import fold
from postes.storage.models import OfferRow

MAX_SUGGESTIONS = 6


@dataclass(frozen=True, slots=True)
class Suggestion:
    label: str  # the name as notices write it
    count: int  # open offers that have it
    code: str  # `e42` or `c42.1`


async def _open_offers(session: AsyncSession, today: date) -> list[tuple[int, str | None, list]]:
    rows = await session.execute(
        select(OfferRow.id, OfferRow.employer, OfferRow.corps)
        .where(OfferRow.open_until >= today)
        .order_by(OfferRow.id)
    )
    return [(row.id, row.employer, row.corps or []) for row in rows]


def _top(found: dict[str, tuple[str, str]], counts: Counter[str]) -> list[Suggestion]:
    return [
        Suggestion(found[key][0], count, found[key][1])
        for key, count in counts.most_common(MAX_SUGGESTIONS)
    ]


async def employer_suggestions(*, session: AsyncSession, today: date) -> list[Suggestion]:
    """Most frequent employers among open offers; spellings differing by accents merge."""
    counts: Counter[str] = Counter()
    found: dict[str, tuple[str, str]] = {}
    for offer_id, employer, _ in await _open_offers(session, today):
        if employer:
            key = fold(employer).strip()
            counts[key] += 1
            found.setdefault(key, (employer, f"e{offer_id}"))
    return _top(found, counts)


async def corps_suggestions(
    *, session: AsyncSession, today: date, employer: str | None
) -> list[Suggestion]:
    """Most frequent corps among open offers, of `employer` only when one was chosen."""
    counts: Counter[str] = Counter()
    found: dict[str, tuple[str, str]] = {}
    wanted = fold(employer).strip() if employer else None
    for offer_id, offer_employer, corps in await _open_offers(session, today):
        if wanted and fold(offer_employer or "").strip() != wanted:
            continue
        for index, item in enumerate(corps):
            name = str(item.get("name") or "").strip()
            if name:
                key = fold(name)
                counts[key] += 1
                found.setdefault(key, (name, f"c{offer_id}.{index}"))
    return _top(found, counts)


async def resolve(*, session: AsyncSession, code: str) -> str | None:
    """The name a code stands for, or None when the offer or the corps is gone."""
    try:
        if code.startswith("e"):
            offer = await session.get(OfferRow, int(code[1:]))
            return offer.employer if offer else None
        if code.startswith("c"):
            offer_id, index = (int(part) for part in code[1:].split("."))
            offer = await session.get(OfferRow, offer_id)
            corps = offer.corps if offer else []
            return str(corps[index].get("name")) if 0 <= index < len(corps) else None
    except ValueError:
        return None
    return None
