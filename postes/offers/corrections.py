"""An operator's corrections of what the parser read: validated here, applied on every parse.

A correction is stored as text per field (`deadline` -> `2025-10-03`) and wins over whatever a
later parse of the same notice reads, so re-ingesting a notice never undoes it.
"""

from __future__ import annotations

import re
from datetime import date, time

from postes.offers.employers import clean_employer
from postes.offers.model import Offer

# Fields an operator may correct, with how `postes correct` names them.
CORRECTABLE = ("title", "employer", "deadline", "deadline_time", "workplace")
_TIME = re.compile(r"^([01]?\d|2[0-3])\s*[h:]\s*([0-5]\d)?$")
NO_DEADLINE = "aucune"  # the notice has no deadline: applications are read as they come


class CorrectionError(ValueError):
    """A corrected value that cannot be used; the message is for the operator, in French."""


def check_correction(field: str, value: str) -> str:
    """The value to store for a correction, normalised; CorrectionError when unusable."""
    value = " ".join(value.split())
    if field not in CORRECTABLE:
        raise CorrectionError(f"champ non corrigeable : {field}")
    if not value:
        raise CorrectionError(f"valeur vide pour {field}")
    if field == "deadline":
        if value.lower() == NO_DEADLINE:
            return NO_DEADLINE
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise CorrectionError(
                f"date limite invalide : {value!r} (attendu AAAA-MM-JJ, ou « {NO_DEADLINE} »)"
            ) from None
    if field == "deadline_time":
        match = _TIME.match(value.lower())
        if not match:
            raise CorrectionError(f"heure invalide : {value!r} (exemples : 16:00, 11h30)")
        return f"{int(match[1]):02d}:{int(match[2] or 0):02d}"
    if len(value) > 300:
        raise CorrectionError(f"{field} trop long (300 caractères au plus)")
    return clean_employer(value) if field == "employer" else value


def apply_corrections(offer: Offer, corrections: dict[str, str]) -> Offer:
    """Set the corrected fields on a parsed offer and mark them as such."""
    for field, value in corrections.items():
        if field == "deadline":
            if value == NO_DEADLINE:
                offer.deadline, offer.no_deadline = None, True
            else:
                offer.deadline, offer.no_deadline = date.fromisoformat(value), False
            offer.initial_deadline = (
                None if offer.initial_deadline == offer.deadline else (offer.initial_deadline)
            )
            offer.unreadable.pop("deadline", None)
            offer.review = None
        elif field == "deadline_time":
            hour, minute = (int(part) for part in value.split(":"))
            offer.deadline_time = time(hour, minute)
        elif field in ("title", "employer", "workplace"):
            setattr(offer, field, value)
        else:
            continue
        offer.found[field] = "corrected"
    return offer
