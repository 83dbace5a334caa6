"""The daily digest's text, by the rules of the good job boards.

At most `MAX_OFFERS` offers are listed, and at most `PER_EMPLOYER` of one employer, so one big
recruiter does not fill the message: the rest of that employer's offers is one line ("et 3
autres offres de la Province Sud"). Offers are grouped by employer, in the order the first
offer of each came. The caller never asks for a digest of nothing (`jobs.compose`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from postes.conversation.buttons import button
from postes.conversation.commands import command
from postes.conversation.common import offer_button_text, offer_line
from postes.conversation.replies import Reply
from postes.storage.models import OfferRow

MAX_OFFERS = 10
PER_EMPLOYER = 2
NO_EMPLOYER = "employeur non précisé"

# The article an employer's name takes after "de", by its first word.
_FEMININE = {"province", "mairie", "caisse", "cafat", "ville", "commune", "agence", "université"}
_MASCULINE = {
    "gouvernement",
    "congrès",
    "ccas",
    "centre",
    "office",
    "port",
    "syndicat",
    "institut",
    "sénat",
    "établissement",
}


def of_employer(name: str) -> str:
    """`de la Province Sud`, `du Gouvernement…`, `de l'Université…`, or `chez X` when unsure."""
    first = name.split(maxsplit=1)[0].lower() if name.strip() else ""
    if first in _MASCULINE:
        return f"de l'{name}" if first[0] in "aeiouyéèêh" else f"du {name}"
    if first in _FEMININE:
        return f"de l'{name}" if first[0] in "aeiouyéèêh" else f"de la {name}"
    return f"chez {name}"


def _more(count: int, employer: str) -> str:
    offers = "autre offre" if count == 1 else "autres offres"
    where = f" {of_employer(employer)}" if employer != NO_EMPLOYER else " sans employeur précisé"
    return f"<i>… et {count} {offers}{where}</i>"


def render_digest(offers: Sequence[OfferRow], *, today: date) -> Reply:
    """The day's matching offers in one message (the sender splits it if it is long)."""
    count = len(offers)
    head = "📬 <b>Votre sélection du jour</b> : " + (
        "1 nouvelle offre" if count == 1 else f"{count} nouvelles offres"
    )
    by_employer: dict[str, list[OfferRow]] = {}
    for offer in offers:
        by_employer.setdefault(offer.employer or NO_EMPLOYER, []).append(offer)
    blocks: list[str] = [head]
    shown: list[OfferRow] = []
    counted = 0
    for employer, group in by_employer.items():
        room = MAX_OFFERS - len(shown)
        if room <= 0:
            break
        listed = group[: min(PER_EMPLOYER, room)]
        for offer in listed:
            shown.append(offer)
            blocks.append(offer_line(len(shown), offer, today))
        counted += len(group)
        if len(group) > len(listed):
            blocks.append(_more(len(group) - len(listed), employer))
    left = count - counted  # employers with no room left at all
    if left > 0:
        offers_word = "autre offre" if left == 1 else "autres offres"
        blocks.append(f"… et {left} {offers_word} : {command('offers')} pour les voir toutes.")
    elif len(shown) < count:
        blocks.append(f"Toutes les offres : {command('offers')}")
    buttons = tuple(
        (button("📄 " + offer_button_text(n, offer), "offer.details", offer.id),)
        for n, offer in enumerate(shown, 1)
    )
    return Reply("\n\n".join(blocks), buttons)
