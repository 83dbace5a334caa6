"""A notice's header matter: letterheads, addresses, institutions, banners, references and
datelines. None of it is the post's name; some of it names the employer or the date.
"""

from __future__ import annotations

import re

from postes.offers.capitals import restore_case
from postes.offers.employers import (
    COMMUNES,
    has_only_employer_words,
    is_employer_line,
    match_employer,
)
from postes.offers.labels import BANNER, Line
from postes.offers.text import fold

RECRUITS = re.compile(
    r"\b(recrutent|recrute|recherche|propose|ouvre)\b"
    r"|\bvacance d['’]\s?(un|une) (poste|emploi) d",
    re.IGNORECASE,
)


_LETTERHEAD = re.compile(
    r"^(republique francaise|(de la |de |en )?nouvelle[ -]caledonie|liberte|egalite|fraternite"
    r"|etat francais"
    r"|(la |le )?(direction|service|secretariat|pole|departement|division|bureau|cabinet|mission"
    r"|cellule|unite|antenne|subdivision|delegation|sous direction|etablissement public)\b"
    r"|(le|la) (president|presidente|maire|directeur|directrice|secretaire general)\b"
    r"|(bp|b\.p\.|cs|tel|tél|fax|courriel|e mail|email|site|www|http)\b"
    r"|\d+ (rue|avenue|av|boulevard|bd|route|place|quai|allee|impasse|chemin)\b)"
)


_ADDRESS = re.compile(r"\b(bp|cedex|boite postale)\b|\b98\d{3}\b|\bt[eé]l\b|\bfax\b")


_INSTITUTION = re.compile(
    r"^(l |le |la )?(agence|office|etablissement|institut|syndicat|port autonome|chambre|caisse"
    r"|regie|fonds|universite|hopital|centre hospitalier|centre communal|mairie|ville|commune"
    r"|province|gouvernement|congres|senat|assemblee|conseil|haut commissariat|tribunal|cour"
    r"|societe|maison|musee|bibliotheque|college|lycee|ecole|groupement|federation"
    r"|hotel de (ville|la province)|mairie annexe)\b"
)
# Section headings of the description: never the post's name.


# `Koné, le 12 mai 2025`, `Fait à Nouméa, le …`: a place of one to four capitalised words.
_PLACE_DATE = re.compile(
    r"^(?:[Ff]ait\s+[àa]\s+)?(?P<place>(?:[A-ZÀ-Ý][\w'’-]*|d[eu]|la|sur|l['’]\w+)"
    r"(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|d[eu]|la|sur|l['’]\w+)){0,3})\s*,?\s+le\s+(?P<date>.{6,40})$"
)


_PUBLISHED = re.compile(
    r"\b(?:(?:publi[ée]e?|diffus[ée]e?|mise? en ligne|parue?)\s+le|parution du|diffusion du"
    r"|publication du)\s*:?\s*(?P<date>.{6,40})",
    re.IGNORECASE,
)


_REFERENCE_LINE = re.compile(
    r"^\W*(n\s?/\s?r[ée]f|v\s?/\s?r[ée]f|r[ée]f|n°|no\.?\s|num[ée]ro|avp\b|code\b)"
    r"|^[A-Z0-9]+(?:[-/._][A-Z0-9]+){2,}(\s+du\s.*)?$",  # a bare code: `CHN-DRH-2025-066`
    re.IGNORECASE,
)


_COMMUNE_KEYS = frozenset(
    re.sub(r"^(le|la|l) ", "", " ".join(re.findall(r"[a-z0-9]+", fold(name))))
    for name, _ in COMMUNES
) | {"la foa", "le mont dore", "grand noumea"}


def _key_keep(text: str) -> str:
    """Fold, keep separators: `Dumbéa – Mont-Dore` -> `dumbea – mont dore`."""
    return re.sub(r"(?<=\w)[-'’](?=\w)", " ", fold(text)).strip()


def key_of(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def is_letterhead(text: str) -> bool:
    """Letterhead, address or signature: never a title."""
    key = key_of(text)
    head = re.split(r"\s[–—-]\s|\s\(", text, maxsplit=1)[0]  # `CAFAT – Caisse de …`
    return (
        bool(_LETTERHEAD.match(key) or _ADDRESS.search(key))
        or (bool(_INSTITUTION.match(key)) and len(key.split()) <= 14 and not RECRUITS.search(text))
        or (head != text and bool(match_employer(head)) and len(head.split()) <= 4)
    )


def _places_only(text: str) -> bool:
    """`Dumbéa – Mont-Dore – Nouméa – Païta`, `LE MONT-DORE`: places a logo or letterhead
    names, never the post's name."""
    pieces = re.split(r"(?<!\s)\s*+[–—,/|•-]\s+|(?<!\s)\s+et\s+", _key_keep(text))
    parts = [part for part in pieces if part]
    parts = [re.sub(r"^(le|la|les|l) ", "", part) for part in parts]
    return bool(parts) and all(part in _COMMUNE_KEYS for part in parts)


def is_header_line(line: Line) -> bool:
    """Letterhead, banner, institution, reference or dateline: the notice's header matter."""
    text = line.text.split("\t")[0].strip()
    rest = BANNER.sub("", text, count=1).strip(" :-–—")
    return (
        is_employer_line(text)
        or (has_only_employer_words(text) and len(text.split()) <= 8)  # `CENTRE COMMUNAL …`
        or is_letterhead(text)
        or _places_only(text)
        or not rest
        or bool(_PLACE_DATE.match(rest) or _REFERENCE_LINE.match(rest) or _PUBLISHED.match(rest))
        or bool(_PLACE_DATE.match(text) or _REFERENCE_LINE.match(text))
    )


def published_in(text: str) -> str | None:
    """The date words after `Publié le` anywhere in a line (`AVP n° 12 – Publié le 17/10/2025`)."""
    match = _PUBLISHED.search(text)
    return match["date"] if match else None


def place_date(text: str) -> str | None:
    """The date words of a dateline (`Koné, le 12 mai 2025`)."""
    match = _PLACE_DATE.match(text.strip())
    return match["date"] if match else None


def institution_of(text: str) -> str | None:
    """The employer a letterhead line names, known or not (`Agence sanitaire et sociale …`)."""
    known = match_employer(text)
    if known:
        return known
    key = key_of(text)
    if _INSTITUTION.match(key) and not _LETTERHEAD.match(key) and len(key.split()) <= 16:
        return restore_case(" ".join(text.split()))
    return None
