"""Filters that can never match get an explanation instead of an empty result.

`corps:bidule` names no corps we know nor any corps a notice used: searching it finds
nothing and subscribing to it would never alert, so the user is told the nearest names.
"""

from __future__ import annotations

import html
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from postes.offers.corps import corps_is_known, nearest_corps
from postes.storage.corps_names import list_corps_terms, most_common_open_corps

SHOWN_NAMES = 5


async def unknown_corps_message(
    *, session: AsyncSession, corps: tuple[str, ...], today: date
) -> str | None:
    """HTML naming the corps filters that match nothing, with the nearest names; else None."""
    if not corps:
        return None
    stored = await list_corps_terms(session=session)
    unknown = [name for name in corps if not corps_is_known(name, stored)]
    if not unknown:
        return None
    common = await most_common_open_corps(session=session, today=today, count=SHOWN_NAMES)
    lines = []
    for name in unknown:
        near = nearest_corps(name, common)
        line = f"Je ne connais pas le corps « {html.escape(name)} »."
        if near:
            line += " Vouliez-vous dire : " + ", ".join(
                f"<code>corps:{html.escape(_quoted(n))}</code>" for n in near
            )
            line += " ?"
        lines.append(line)
    others = common or ["Attaché", "Rédacteur", "Adjoint administratif", "Technicien"]
    lines.append(
        "Corps les plus demandés en ce moment : " + ", ".join(html.escape(n) for n in others) + "."
    )
    return "\n".join(lines)


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
