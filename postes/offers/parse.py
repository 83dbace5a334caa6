"""A notice's text -> Offer, read by meaning: labels vary, move and sometimes go missing."""

from __future__ import annotations

import re
from datetime import date

from postes.offers.dates import EXTENSION, find_dates, parse_french_date, read_deadline
from postes.offers.documents import document_text, normalise_text
from postes.offers.employers import is_employer_line
from postes.offers.fields import (
    direction_line,
    read_contact,
    read_corps,
    read_employer,
    read_posts,
    read_reference,
    value_of,
)
from postes.offers.labels import (
    Labelled,
    Line,
    data_tables,
    read_labels,
    split_label,
    split_lines,
)
from postes.offers.model import NotAnOffer, Offer
from postes.offers.text import fold

# Notices of results look like notices (employer, reference, corps) but announce no vacancy.
_RESULTS = re.compile(
    r"^(liste (des |d )?(candidats|laureats|admis|aptitude)|liste (principale|complementaire)"
    r"|candidats (admis|retenus|convoques|selectionnes)|resultats?\b|proces verbal|pv\b)"
)
_GENERIC_TITLE = re.compile(
    r"(avis de vacances? (de |d.)?(postes?|emplois?)|offres? d.?emploi|appel [aà] candidatures?"
    r"|fiche de poste)(\s*(n°|no\.?)\s*[\w/-]+)?\W*",
    re.IGNORECASE,
)
_VACANCY_WORDS = re.compile(r"\b(postes?|vacances?|recrut\w*|candidatures?)\b")


def parse_document(data: bytes, filename: str, *, source: str | None = None) -> Offer:
    """Read a document (.txt, .md, .html, .pdf) as an offer; NotAnOffer when it is none."""
    return parse_offer(document_text(data, filename), source=source or filename)


def parse_offer(text: str, *, source: str | None = None) -> Offer:
    """Read a notice's text as an offer; NotAnOffer (reason in French) when it is none."""
    lines = split_lines(normalise_text(text))
    if not lines:
        raise NotAnOffer("Document vide")
    _reject_results(lines)
    tables = data_tables(lines)
    labels = read_labels(lines, {row.index for table in tables for row in table})
    used = {index for labelled in labels.values() for index in labelled.lines}
    body_start = labels["body"].lines[0] if "body" in labels else None
    header = [line for line in lines if body_start is None or line.index < body_start]

    title_line = _title_line(lines, labels, used)
    title = value_of(labels, "title") or (title_line.text.split("\t")[0] if title_line else "")
    title = _GENERIC_TITLE.sub("", title).strip(" :-–") or title
    if title_line:
        used.add(title_line.index)
    offer = Offer(title=" ".join(title.split()), body="", source=source)

    read_reference(offer, labels, header)
    read_employer(offer, labels, lines, header, used)
    offer.direction = value_of(labels, "direction") or direction_line(header, used)
    offer.corps = read_corps(labels, tables)
    offer.posts = read_posts(labels, title, tables)
    offer.workplace = value_of(labels, "workplace")
    offer.residence = value_of(labels, "residence")
    offer.published_on = _read_date(offer, labels, "published_on")
    _read_deadline(offer, labels, lines, used)
    _read_start(offer, labels)
    offer.contact = read_contact(labels, lines)
    offer.body = _body(lines, used, body_start)
    if body_start is not None and (intro := labels["body"].value):
        offer.body = f"{intro}\n{offer.body}".strip()  # `Description : …` on the marker line
    _check_is_offer(offer, lines)
    return offer


def _reject_results(lines: list[Line]) -> None:
    for line in lines[:8]:
        if _RESULTS.search(" ".join(re.findall(r"[a-z0-9]+", fold(line.text)))):
            raise NotAnOffer("Liste de résultats ou procès-verbal, pas un avis de vacance de poste")


def _title_line(lines: list[Line], labels: dict[str, Labelled], used: set[int]) -> Line | None:
    """The first meaningful line: no label, logo, generic banner nor table row."""
    for line in lines:
        if line.index in used or line.cells or split_label(line) or is_employer_line(line.text):
            continue
        if "body" in labels and line.index > labels["body"].lines[0]:
            return None
        if _GENERIC_TITLE.fullmatch(line.text) or len(re.findall(r"[^\W\d_]{2,}", line.text)) < 2:
            continue
        return line
    return None


def _read_date(offer: Offer, labels: dict[str, Labelled], name: str) -> date | None:
    raw = value_of(labels, name)
    if not raw:
        return None
    value = parse_french_date(raw)
    if value is None:
        offer.unreadable[name] = raw
    return value


def _read_deadline(
    offer: Offer, labels: dict[str, Labelled], lines: list[Line], used: set[int]
) -> None:
    parts = [value_of(labels, "deadline") or ""]
    for line in lines:
        key = fold(line.text)
        if line.index in used or not EXTENSION.search(key) or not find_dates(line.text):
            continue
        if re.search(r"date|cloture|limite|candidature|delai|prorog", key):
            parts.append(line.text)
            used.add(line.index)
    offer.deadline, offer.initial_deadline = read_deadline("\n".join(parts))
    if offer.deadline is None and parts[0]:
        offer.unreadable["deadline"] = parts[0]


def _read_start(offer: Offer, labels: dict[str, Labelled]) -> None:
    offer.start_text = value_of(labels, "start")
    if offer.start_text:
        offer.start_date = parse_french_date(offer.start_text)


def _body(lines: list[Line], used: set[int], body_start: int | None) -> str:
    """The description: lines not read as fields, paragraphs kept apart by a blank line."""
    kept: list[str] = []
    previous: int | None = None
    for line in lines:
        if line.index in used or (body_start is not None and line.index <= body_start):
            continue
        if re.fullmatch(r"[\s|:-]*", line.text):
            continue  # a markdown table's `|---|` row
        if previous is not None and line.index > previous + 1:
            kept.append("")
        kept.append(line.text.replace("\t", " "))
        previous = line.index
    return "\n".join(kept)


def _check_is_offer(offer: Offer, lines: list[Line]) -> None:
    text = fold(" ".join(line.text for line in lines))
    signals = [
        offer.reference,
        offer.deadline or offer.unreadable.get("deadline"),
        offer.corps,
        offer.employer,
        _VACANCY_WORDS.search(text),
    ]
    if not offer.title or sum(bool(signal) for signal in signals) < 2:
        raise NotAnOffer(
            "Aucun élément d'avis de vacance de poste reconnu "
            "(référence, date limite, corps, employeur)"
        )
