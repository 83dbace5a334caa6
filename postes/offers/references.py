"""A notice's reference: `3134-25-0834/SR du 06 juin 2025`, `AVP n° 2025-117/DRH`,
`N° 0178/2024/PIL/DRH`, `Réf. : CAFAT-RH-2025-019`. The marker goes, the identifier stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from postes.offers.dates import parse_french_date
from postes.offers.labels import BANNER

_SR = re.compile(r"\b(\d{3,5})\s*[-–]\s*(\d{2})\s*[-–]\s*(\d{2,5})\s*/\s*([A-Za-z]{1,5})\b")
# What introduces a reference in a line: `N°`, `AVP n°`, `Réf. :`, `Référence de l'offre :`.
_MARKER = re.compile(
    r"(?:\b[nv]\s?/\s?r[ée]f\b\.?|\b(?:r[ée]f[ée]rences?|r[ée]f)\b\.?(?:\s+(?:de\s+l['’]\s?|d['’]\s?)?"
    r"(?:offre|avis|annonce|emploi|poste|avp))?|\bavp\b|\bnum[ée]ro\b|(?<![\w])n[°o]\.?(?=\s|\d))"
    r"(?:\s*(?:avp|n[°o]\.?|de\s+l['’]\s?(?:offre|avis)))?\s*[:.]?\s*",
    re.IGNORECASE,
)
# An identifier: letters, digits and separators, holding a digit, no spaces inside.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-–]{0,40}[A-Za-z0-9]")
_BARE_CODE = re.compile(r"(?<![A-Z0-9])[A-Z0-9]++(?:[-/_.][A-Za-z0-9]++){2,}")
_DATE_AFTER = re.compile(r"^\s*(?:[-–,]\s*)?(?:en date )?du\s+(.{4,40})", re.IGNORECASE)
_NOT_REFERENCE = re.compile(r"^(\d{2}\s?){3,5}$|^\d{5}$")  # a phone number, a postcode


@dataclass(frozen=True, slots=True)
class ReferenceFound:
    reference: str
    day: date | None  # the date after `du`
    date_text: str | None  # the date's words when they could not be read
    how: str


def _identifier(text: str) -> tuple[str, str] | None:
    """The identifier at the start of `text`, and what follows it."""
    match = _IDENTIFIER.match(text.strip())
    if not match or not any(ch.isdigit() for ch in match[0]) or _NOT_REFERENCE.match(match[0]):
        return None
    rest = text.strip()[match.end() :]
    return match[0].replace("–", "-").rstrip(".-"), rest


def _dated(reference: str, rest: str, how: str) -> ReferenceFound:
    when = _DATE_AFTER.match(rest)
    if not when:
        return ReferenceFound(reference, None, None, how)
    value = parse_french_date(when[1])
    return ReferenceFound(reference, value, None if value else when[1].strip(), how)


def read_reference(labelled: str | None, header: list[str]) -> ReferenceFound | None:
    """The reference from its label's value, else from a marked or SR-shaped header line."""
    if labelled:
        sr = _SR.search(labelled)
        if sr:
            number = f"{sr[1]}-{sr[2]}-{sr[3]}/{sr[4].upper()}"
            return _dated(number, labelled[sr.end() :], "label")
        marker = _MARKER.match(labelled)
        found = _identifier(labelled[marker.end() :] if marker else labelled)
        if found:
            return _dated(found[0], found[1], "label")
        reference, _, rest = labelled.partition(" du ")
        return _dated(reference.strip(), f"du {rest}" if rest else "", "label")
    for text in header:
        sr = _SR.search(text)
        if sr:
            number = f"{sr[1]}-{sr[2]}-{sr[3]}/{sr[4].upper()}"
            return _dated(number, text[sr.end() :], "inferred")
    for text in header:
        for marker in _MARKER.finditer(text):
            found = _identifier(text[marker.end() :])
            if found:
                return _dated(found[0], found[1], "inferred")
    for text in header:  # a code alone, or after a banner: `AVIS DE RECRUTEMENT – CHN-DRH-2025-066`
        code, _, rest = BANNER.sub("", text.strip(), count=1).strip(" –—-:").partition(" ")
        coded = _BARE_CODE.fullmatch(code) and any(ch.isdigit() for ch in code)
        if (
            coded
            and any(ch.isalpha() for ch in code)
            and (not rest or _DATE_AFTER.match(f" {rest}"))
        ):
            return _dated(code, f" {rest}", "inferred")  # `25-60874/MPRH du 05/09/2025`
    return None
