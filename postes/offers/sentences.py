"""Facts stated in sentences rather than fields: `Poste basé à Tadine (Maré).`,
`… recrute deux agents …`. Text exports wrap sentences over lines, so lines are first joined
back into passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from postes.offers.labels import Line
from postes.offers.text import COUNT, count_of, fold

_ENDS = (".", "!", "?", ":", ";")
_COUNTED = re.compile(r"\d{1,2}\s*[.)-]\s")  # `1. ` or `2) `: a numbered item, not prose
_PLACE = re.compile(
    r"\b(?:poste|emploi|agent|il|elle|service)?\s*(?:(?:bas|situ|localis|implant|affect)[ée]"
    r"(?:\(e\)|e)?s?|en poste|exercer(?:a|ont)? (?:ses|leurs) fonctions|travaillera"
    r"|lieu de travail est fix[ée])\s+(?:à|a|au|aux|sur)\s+"
    r"(?P<place>(?:l['’]\s?)?[^\W\d_][\w'’()\- ]{1,80}?)"
    r"(?=\s*(?:[.;,:]|\s(?:pour|avec|o[ùu]|et\s(?=[a-z])|dans|au sein|sous|en\s)|$))",
    re.IGNORECASE,
)
_POSTS = re.compile(
    rf"\b(?P<n>{COUNT})\s*(?:\(\d{{1,2}}\)\s*)?"
    r"postes?\b(?!\s+(de travail|informatiques?|de police|de secours|de garde))",
    re.IGNORECASE,
)
_RECRUIT_COUNT = re.compile(
    r"\b(?:recrut(?:e|ent|era|eront)|recherchen?t?)\s+(?:[^\W\d_]+\s+){0,12}?"
    rf"(?P<n>{COUNT})\s+(?:\(\d{{1,2}}\)\s*)?[^\W\d_]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Passage:
    """Consecutive lines read as one stretch of prose."""

    text: str
    lines: tuple[int, ...]


def passages(lines: list[Line]) -> list[Passage]:
    """Join wrapped lines: a line goes on when it does not end a sentence and the next one
    starts in lower case; headings and table rows stand alone."""
    result: list[Passage] = []
    for line in lines:
        text = line.text.replace("\t", " ")
        if line.cells:
            text = " ".join(cell for cell in line.cells if cell)
        previous = result[-1] if result else None
        joins = (
            previous is not None
            and not line.heading
            and not line.cells
            and previous.lines[-1] + 1 == line.index
            and not previous.text.rstrip().endswith(_ENDS)
            and (text[:1].islower() or (text[:1].isdigit() and not _COUNTED.match(text)))
        )
        if joins and previous is not None:
            result[-1] = Passage(f"{previous.text} {text}", (*previous.lines, line.index))
        else:
            result.append(Passage(text, (line.index,)))
    return result


# `… recrute deux médecins … au Médipôle de Koutio.`, `… poste d’infirmier au dispensaire de
# Fayaoué (Ouvéa), …`: an establishment named after the post.
_SITE = re.compile(
    r"\b(?:postes?|recrut\w*|vacance)\b[^.;]{0,160}?\s(?:au|à la|à l['’]|a la)\s+"
    r"(?P<place>(?:dispensaire|centre|m[ée]dip[ôo]le|h[ôo]pital|si[èe]ge|site|antenne|mairie"
    r"|laboratoire|coll[èe]ge|lyc[ée]e|[ée]cole|biblioth[èe]que|mus[ée]e|port)\b[^,.;]{0,60}?)"
    r"(?=\s*(?:[.;,]|\s(?:pour|avec|o[ùu]|dans|au sein|sous|relevant)\b|$))",
    re.IGNORECASE,
)


def place_in(text: str) -> str | None:
    """The place a sentence says the post is based at."""
    match = _PLACE.search(text) or _SITE.search(text)
    if not match:
        return None
    place = match["place"].strip(" -–")
    if place.count("(") > place.count(")"):
        place = place[: place.rfind("(")].strip()
    words = place.split()
    if not words or len(words) > 10 or fold(words[0]) in ("temps", "partir", "compter", "hauteur"):
        return None
    return place[:1].upper() + place[1:] if place[:1].islower() and words[0] != "l" else place


def count_in(text: str) -> int | None:
    """A number of posts a sentence gives: `2 postes`, `recrute trois agents`."""
    for pattern in (_POSTS, _RECRUIT_COUNT):
        match = pattern.search(text)
        if match:
            count = count_of(match["n"])
            if count > 0:
                return count
    return None
