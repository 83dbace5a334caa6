"""Readers for the header fields of a notice, each from its label or from the layout."""

from __future__ import annotations

import re

from postes.offers.corps import parse_corps
from postes.offers.dates import parse_french_date
from postes.offers.employers import clean_employer, is_employer_line, match_employer
from postes.offers.labels import Labelled, Line, is_empty_value, split_label
from postes.offers.model import Corps, Offer
from postes.offers.text import fold

_REFERENCE = re.compile(r"\b(\d{3,5})\s*[-–]\s*(\d{2})\s*[-–]\s*(\d{2,5})\s*/\s*([A-Za-z]{1,5})\b")
_REFERENCE_DATE = re.compile(r"\b(?:en date )?du\b\s*(.+)$", re.IGNORECASE)
_POSTS = re.compile(r"^(\d{1,3})\s+(?:postes?\b|[^\W\d_])|\b(\d{1,3})\s+postes?\b", re.IGNORECASE)
_DIRECTION_LINE = re.compile(r"^(direction|service|pole|departement) (de |du |des |d )")
# Only from the start of a run: trying at every letter of a long word was quadratic (issue 9).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CONTACT_LINE = re.compile(r"^(pour (tout|plus d)\w* renseignements?|renseignements?|contacts?)\b")


def value_of(labels: dict[str, Labelled], name: str) -> str | None:
    """The tidied value of a labelled field; None when absent or saying "none" (`/`)."""
    labelled = labels.get(name)
    if labelled is None or is_empty_value(labelled.value):
        return None
    return " ".join(labelled.value.split()).rstrip(" .;")


def read_reference(offer: Offer, labels: dict[str, Labelled], header: list[Line]) -> None:
    """Set the normalised reference (`3134-25-0834/SR`) and the date that follows it."""
    raw = value_of(labels, "reference")
    candidates = [raw] if raw else [line.text for line in header[:20]]
    for text in candidates:
        match = _REFERENCE.search(text)
        if match:
            number = f"{match[1]}-{match[2]}-{match[3]}/{match[4].upper()}"
            offer.reference, rest = number, text[match.end() :]
            break
    else:
        if not raw:
            return
        offer.reference, _, rest = raw.partition(" du ")
        rest = f"du {rest}" if rest else ""
    when = _REFERENCE_DATE.search(rest)
    if when:
        offer.reference_date = parse_french_date(when[1])
        if offer.reference_date is None:
            offer.unreadable["reference_date"] = when[1].strip()


def read_employer(
    offer: Offer,
    labels: dict[str, Labelled],
    lines: list[Line],
    header: list[Line],
    used: set[int],
) -> None:
    """Set the canonical employer from its label, else from a logo line (`PROVINCE SUD`)."""
    raw = value_of(labels, "employer")
    if raw:
        # `Centre Communal d'Action Sociale` names its commune on the following line.
        after = [line for line in lines if line.index > labels["employer"].lines[-1]][:1]
        if match_employer(raw) is None and after and not split_label(after[0]):
            combined = match_employer(f"{raw} {after[0].text}")
            if combined:
                used.add(after[0].index)
                offer.employer = combined
                return
        offer.employer = clean_employer(raw)
        return
    # No label: a logo line (`PROVINCE SUD`), possibly over two lines.
    for position, line in enumerate(header):
        if line.index in used or split_label(line) or line.cells:
            continue
        pair = header[position : position + 2]
        for span in (pair[:1], pair):
            found = match_employer(" ".join(item.text.split("\t")[0] for item in span))
            if found and all(is_employer_line(item.text) for item in span):
                used.update(item.index for item in span)
                offer.employer = found
                return


def direction_line(header: list[Line], used: set[int]) -> str | None:
    """A header line naming a direction without a label (`Direction de l’Éducation …`)."""
    for line in header:
        key = " ".join(re.findall(r"[a-z0-9]+", fold(line.text)))
        free = line.index not in used and not line.cells and not split_label(line)
        if free and _DIRECTION_LINE.match(key) and len(line.text) <= 150:
            used.add(line.index)
            return line.text.split("\t")[0].strip()
    return None


def read_corps(labels: dict[str, Labelled], tables: list[list[Line]]) -> list[Corps]:
    """Corps from the corps label, then from the corps column of tables of posts."""
    corps = parse_corps(value_of(labels, "corps") or "")
    for table in tables:
        header = [fold(cell) for cell in table[0].cells]
        columns = [i for i, cell in enumerate(header) if re.match(r"(corps|cadre|grade)", cell)]
        for row in table[1:]:
            for column in columns:
                if column < len(row.cells) and not re.fullmatch(r"[\s:-]*", row.cells[column]):
                    corps.extend(c for c in parse_corps(row.cells[column]) if c not in corps)
    return corps


def read_posts(labels: dict[str, Labelled], title: str, tables: list[list[Line]]) -> int:
    """Number of posts: the label, the title (`10 postes – …`), a table of posts, else 1."""
    labelled = re.match(r"\s*(\d{1,3})\b", value_of(labels, "posts") or "")
    if labelled and int(labelled[1]) > 0:
        return int(labelled[1])
    match = _POSTS.search(title)
    if match and int(match[1] or match[2]) > 0:
        return int(match[1] or match[2])
    for table in tables:
        column = next(
            (i for i, c in enumerate(table[0].cells) if fold(c).startswith("poste")), None
        )
        rows = [row for row in table[1:] if not re.fullmatch(r"[\s|:-]*", row.text)]
        if column is not None and len(rows) >= 2:
            cells = [row.cells[column] if column < len(row.cells) else "" for row in rows]
            counts = [re.match(r"\s*(\d{1,3})\b", cell) for cell in cells]
            return sum(int(count[1]) if count else 1 for count in counts)
    return 1


def read_contact(labels: dict[str, Labelled], lines: list[Line]) -> str | None:
    """Contact label, `Pour tout renseignement …` lines and e-mail addresses, joined."""
    parts = [value] if (value := value_of(labels, "contact")) else []
    for line in lines:
        key = " ".join(re.findall(r"[a-z0-9]+", fold(line.text)))
        if _CONTACT_LINE.match(key) and not split_label(line):
            parts.append(line.text)
        for email in _EMAIL.findall(line.text):
            if not any(email in part for part in parts):
                parts.append(email)
    return " ; ".join(dict.fromkeys(parts)) or None
