"""Readers for the header fields of a notice, each from its label or from the layout."""

from __future__ import annotations

import re

from postes.offers.corps import KNOWN_CORPS, canonical_corps, parse_corps
from postes.offers.employers import (
    clean_employer,
    communes_in,
    has_only_employer_words,
    match_employer,
)
from postes.offers.labels import Labelled, Line, field_of, is_empty_value, split_label
from postes.offers.letterheads import institution_of
from postes.offers.model import Corps, Offer
from postes.offers.sentences import Passage
from postes.offers.text import fold

_CORPS_SENTENCE = re.compile(
    r"\b(?:corps|cadres?(?: d['’]\s?emplois?)?|grades?)\s+(?:des|de|du|d['’])\s*"
    r"(?P<name>[^\W\d_][\w'’ -]{2,40})",
    re.IGNORECASE,
)
_RECRUITER = re.compile(r"^(?P<who>.{3,120}?)\s+recrut", re.IGNORECASE)
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
            if found and all(has_only_employer_words(item.text) for item in span):
                used.update(item.index for item in span)
                offer.employer = found
                return
    # `La province Nord recrute …`: the subject names the employer.
    for line in header[:40]:
        subject = _RECRUITER.match(line.text)
        if subject and (found := match_employer(subject["who"])):
            offer.employer = found
            return
    # An institution the project does not know, as its letterhead names it.
    for line in header[:12]:
        if line.index not in used and not line.cells and not split_label(line):
            found = institution_of(line.text.split("\t")[0])
            if found:
                used.add(line.index)
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


def read_corps(
    labels: dict[str, Labelled], tables: list[list[Line]], prose: list[Passage]
) -> list[Corps]:
    """Corps from the corps label, then the corps column of tables of posts, else a sentence
    (`ouvert aux fonctionnaires du corps des attachés`)."""
    corps = parse_corps(value_of(labels, "corps") or "")
    for table in tables:
        header = [fold(cell) for cell in table[0].cells]
        columns = [i for i, cell in enumerate(header) if re.match(r"(corps|cadre|grade)", cell)]
        for row in table[1:]:
            for column in columns:
                if column < len(row.cells) and not re.fullmatch(r"[\s:-]*", row.cells[column]):
                    corps.extend(c for c in parse_corps(row.cells[column]) if c not in corps)
    if corps:
        return corps
    # `Statut : praticien hospitalier contractuel`: a corps only when a known one is named.
    status = value_of(labels, "status") or ""
    corps = [c for c in parse_corps(status) if c.name in KNOWN_CORPS]
    if corps:
        return corps
    for passage in [status, *(passage.text for passage in prose)]:
        for match in _CORPS_SENTENCE.finditer(passage):
            # `corps des attachés et des ingénieurs`: each name after its article.
            for part in re.split(r",|\bet\b|\bou\b", match["name"]):
                named = canonical_corps(re.sub(r"^\s*(des|de|du|d['’])\s*", "", part))
                if named and Corps(named) not in corps:
                    corps.append(Corps(named))
    return corps


def table_posts(tables: list[list[Line]]) -> int | None:
    """Posts a table of posts offers: the sum of its count column, else its number of rows."""
    for table in tables:
        header = [fold(cell) for cell in table[0].cells]
        rows = [row for row in table[1:] if not re.fullmatch(r"[\s|:-]*", row.text)]
        counts = next(
            (i for i, c in enumerate(header) if re.match(r"(nombre|nb|postes?$)", c)), None
        )
        if counts is not None and rows:
            cells = [row.cells[counts] if counts < len(row.cells) else "" for row in rows]
            numbers = [re.match(r"\s*(\d{1,3})\b", cell) for cell in cells]
            if all(numbers):
                return sum(int(number[1]) for number in numbers if number)
        named = next(
            (i for i, c in enumerate(header) if re.match(r"(poste|emploi|intitule)", c)), None
        )
        if named is not None and len(rows) >= 2:
            cells = [row.cells[named] if named < len(row.cells) else "" for row in rows]
            counts_in = [re.match(r"\s*(\d{1,3})\b", cell) for cell in cells]
            return sum(int(count[1]) if count else 1 for count in counts_in)
    return None


def table_places(tables: list[list[Line]]) -> str | None:
    """The communes a table of posts places them in (`Lieu d'affectation` column)."""
    for table in tables:
        column = next((i for i, c in enumerate(table[0].cells) if field_of(c) == "workplace"), None)
        if column is None:
            continue
        cells = [row.cells[column] for row in table[1:] if column < len(row.cells)]
        places = dict.fromkeys(name for cell in cells for name in communes_in(cell))
        if places:
            return ", ".join(places)
    return None


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
