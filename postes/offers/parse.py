"""A notice's text -> Offer, read by meaning: labels vary, move and sometimes go missing.

Each field is read from the most explicit place the notice gives it (a label, a table row,
a sentence) and `Offer.found` records which; what is only guessed is marked "inferred". An
offer asking for applications without saying until when is flagged (`Offer.review`) for a
person to check: a wrong deadline would cost a candidate their reminder, a flag costs nothing.
"""

from __future__ import annotations

import re
from datetime import date

from postes.offers.dates import EXTENSION, find_dates, parse_french_date
from postes.offers.deadlines import read_deadline_parts, speaks_of_applying
from postes.offers.documents import document_text, normalise_text
from postes.offers.employers import commune_of
from postes.offers.fields import (
    direction_line,
    read_contact,
    read_corps,
    read_employer,
    table_places,
    table_posts,
    value_of,
)
from postes.offers.labels import (
    Labelled,
    Line,
    column_labels,
    data_tables,
    read_labels,
    split_label,
    split_lines,
)
from postes.offers.model import NotAnOffer, Offer
from postes.offers.references import read_reference
from postes.offers.sentences import Passage, count_in, passages, place_in
from postes.offers.text import fold
from postes.offers.titles import is_header_line, place_date, published_in, read_title

# Notices of results look like notices (employer, reference, corps) but announce no vacancy.
_RESULTS = re.compile(
    r"^(liste (des |d )?(candidats|laureats|admis|aptitude)|liste (principale|complementaire)"
    r"|candidats (admis|retenus|convoques|selectionnes)|resultats?\b|proces verbal|pv\b)"
)
_VACANCY_WORDS = re.compile(r"\b(postes?|vacances?|recrut\w*|candidatures?)\b")
_START = re.compile(
    r"\b(?:[àa] pourvoir|prise de (?:poste|fonctions?)|entr[ée]e en fonctions?)\s+"
    r"(?:(?:le|au|dès le|des le|à compter du|a compter du|à partir du|a partir du)\s+)?"
    r"(?=(?:\w+\s+)?[0-3]?\d)",
    re.IGNORECASE,
)


# `Le poste est à pourvoir dans le cadre d'une mission … à compter du 01 octobre 2025`.
_START_LATER = re.compile(
    r"\b(?:[àa] pourvoir|prise de (?:poste|fonctions?)|vacant)\b[^.;]{0,120}?"
    r"\b(?:à compter du|a compter du|à partir du|a partir du|dès le|des le)\s+",
    re.IGNORECASE,
)


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
    for name, labelled in column_labels(tables).items():
        labels.setdefault(name, labelled)
    used = {index for labelled in labels.values() for index in labelled.lines}
    body_start = labels["body"].lines[0] if "body" in labels else None
    header = [line for line in lines if body_start is None or line.index < body_start]
    prose = passages(lines)
    offer = Offer(title="", body="", source=source)
    how = _Provenance(offer, labels, {line.index: line for line in lines})

    title_line = _read_title(offer, lines, labels, used, body_start, how)
    _read_reference(offer, labels, header, how)
    read_employer(offer, labels, lines, header, used)
    how.set("employer", "label" if "employer" in labels and offer.employer else "inferred")
    offer.direction = value_of(labels, "direction") or direction_line(header, used)
    offer.corps = read_corps(labels, tables, prose)
    how.set("corps", how.of_label("corps") or ("table" if tables else "sentence"), offer.corps)
    _read_posts(offer, labels, tables, header, title_line, how)
    _read_workplace(offer, labels, prose, tables, how)
    offer.residence = value_of(labels, "residence")
    how.set("residence", how.of_label("residence"), offer.residence)
    _read_published(offer, labels, lines, how)
    _read_deadline(offer, labels, lines, used, prose, how)
    _read_start(offer, labels, prose, how)
    offer.contact = read_contact(labels, lines)
    if title_line is not None:
        used.update(
            line.index for line in header if line.index < title_line and is_header_line(line)
        )
    offer.body = _body(lines, used, body_start)
    if body_start is not None and (intro := labels["body"].value):
        offer.body = f"{intro}\n{offer.body}".strip()  # `Description : …` on the marker line
    _check_is_offer(offer, lines)
    _review(offer, "\n".join(line.text for line in lines))
    return offer


class _Provenance:
    """Fills `Offer.found`: how each field was read."""

    def __init__(self, offer: Offer, labels: dict[str, Labelled], lines: dict[int, Line]) -> None:
        self.offer, self.labels, self.lines = offer, labels, lines

    def of_label(self, name: str) -> str | None:
        labelled = self.labels.get(name)
        if labelled is None or value_of(self.labels, name) is None:
            return None
        first = self.lines.get(labelled.lines[0])
        return "table" if first is not None and first.cells else "label"

    def set(self, name: str, found_by: str | None, value: object = True) -> None:
        if found_by and value:
            self.offer.found[name] = found_by


def _reject_results(lines: list[Line]) -> None:
    for line in lines[:8]:
        if _RESULTS.search(" ".join(re.findall(r"[a-z0-9]+", fold(line.text)))):
            raise NotAnOffer("Liste de résultats ou procès-verbal, pas un avis de vacance de poste")


def _read_title(
    offer: Offer,
    lines: list[Line],
    labels: dict[str, Labelled],
    used: set[int],
    body_start: int | None,
    how: _Provenance,
) -> int | None:
    labelled = labels.get("title")
    value = value_of(labels, "title")
    free = [line for line in lines if line.index not in used]
    found = read_title(free, value, labelled.lines[-1] if labelled else None, body_start)
    if found is None:
        return None
    offer.title = found.text
    how.set("title", how.of_label("title") if found.how == "label" else found.how)
    if found.line is not None:
        used.add(found.line)
    if found.posts:
        offer.posts = found.posts
    return found.line


def _read_reference(
    offer: Offer, labels: dict[str, Labelled], header: list[Line], how: _Provenance
) -> None:
    found = read_reference(value_of(labels, "reference"), [line.text for line in header[:25]])
    if found is None:
        return
    offer.reference, offer.reference_date = found.reference, found.day
    if found.date_text:
        offer.unreadable["reference_date"] = found.date_text
    how.set("reference", how.of_label("reference") if found.how == "label" else found.how)


def _read_posts(
    offer: Offer,
    labels: dict[str, Labelled],
    tables: list[list[Line]],
    header: list[Line],
    title_line: int | None,
    how: _Provenance,
) -> None:
    labelled = re.match(r"\s*\(?(\d{1,3})\b", value_of(labels, "posts") or "")
    if labelled and int(labelled[1]) > 0:
        offer.posts = int(labelled[1])
        how.set("posts", how.of_label("posts"))
        return
    if offer.posts > 1:
        how.set("posts", how.offer.found.get("title", "inferred"))
        return
    if counted := table_posts(tables):
        offer.posts = counted
        how.set("posts", "table")
        return
    near = [line for line in header if title_line is None or line.index <= title_line + 6][:20]
    for line in near:
        if not line.cells and not split_label(line) and (count := count_in(line.text)):
            offer.posts = count
            how.set("posts", "sentence")
            return


def _read_workplace(
    offer: Offer,
    labels: dict[str, Labelled],
    prose: list[Passage],
    tables: list[list[Line]],
    how: _Provenance,
) -> None:
    offer.workplace = value_of(labels, "workplace")
    if offer.workplace:
        how.set("workplace", how.of_label("workplace"))
        return
    for passage in prose:
        if place := place_in(passage.text):
            offer.workplace = place
            how.set("workplace", "sentence")
            return
    if places := table_places(tables):
        offer.workplace = places
        how.set("workplace", "table")
    elif commune := commune_of(offer.employer):
        # A commune's own services (mairie, CCAS, caisse des écoles) work in the commune.
        offer.workplace = commune
        how.set("workplace", "inferred")


def _read_date(offer: Offer, labels: dict[str, Labelled], name: str) -> date | None:
    raw = value_of(labels, name)
    if not raw:
        return None
    value = parse_french_date(raw)
    if value is None:
        offer.unreadable[name] = raw
    return value


def _read_published(
    offer: Offer, labels: dict[str, Labelled], lines: list[Line], how: _Provenance
) -> None:
    offer.published_on = _read_date(offer, labels, "published_on")
    if offer.published_on:
        how.set("published_on", how.of_label("published_on"))
        return
    # `Koné, le 12 mai 2025` at the top or the signature; `… – Publié le 17/10/2025`.
    for read in (place_date, published_in):
        for line in lines:
            words = None if line.cells else read(line.text.split("\t")[0])
            if words and (value := parse_french_date(words)):
                offer.published_on = value
                how.set("published_on", "sentence")
                return
    if offer.reference_date:
        offer.published_on = offer.reference_date
        how.set("published_on", "inferred")


def _read_deadline(
    offer: Offer,
    labels: dict[str, Labelled],
    lines: list[Line],
    used: set[int],
    prose: list[Passage],
    how: _Provenance,
) -> None:
    extensions = []
    own = set(labels["deadline"].lines) if "deadline" in labels else set()
    for line in lines:
        key = fold(line.text)
        # Not the deadline's own line; any other, even one read as a label (`INFORMATION :`).
        if line.index in own or not EXTENSION.search(key) or not find_dates(line.text):
            continue
        if re.search(r"date|cloture|limite|candidature|delai|prorog", key):
            extensions.append(line.text)
            used.add(line.index)
    found = read_deadline_parts(
        value_of(labels, "deadline"),
        how.of_label("deadline") or "label",
        extensions,
        [passage.text for passage in prose],
    )
    offer.deadline, offer.initial_deadline = found.day, found.initial
    offer.deadline_time, offer.no_deadline = found.time, found.open_ended
    if found.unreadable and found.day is None:
        offer.unreadable["deadline"] = found.unreadable
    if found.ambiguous:
        offer.review = "plusieurs dates limites possibles : vérifier l'avis"
    how.set("deadline", found.how)


def _read_start(
    offer: Offer, labels: dict[str, Labelled], prose: list[Passage], how: _Provenance
) -> None:
    offer.start_text = value_of(labels, "start")
    if offer.start_text:
        offer.start_date = parse_french_date(offer.start_text)
        how.set("start", how.of_label("start"))
        return
    for passage in prose:
        match = _START.search(passage.text) or _START_LATER.search(passage.text)
        if match and (value := parse_french_date(passage.text[match.end() : match.end() + 40])):
            offer.start_date = value
            how.set("start", "sentence")
            return


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
        offer.deadline or offer.unreadable.get("deadline") or offer.no_deadline,
        offer.corps,
        offer.employer,
        _VACANCY_WORDS.search(text),
    ]
    if sum(bool(signal) for signal in signals) < 2:
        raise NotAnOffer(
            "Aucun élément d'avis de vacance de poste reconnu "
            "(référence, date limite, corps, employeur)"
        )
    if not offer.title:
        # A notice we cannot name is still a vacancy: keep it, named plainly, for a person to
        # check, rather than lose it.
        offer.title = f"Offre d'emploi – {offer.employer}" if offer.employer else "Offre d'emploi"
        offer.found["title"] = "inferred"
        offer.review = "intitulé introuvable : vérifier l'avis"


def _review(offer: Offer, text: str) -> None:
    """Flag what a person should check rather than trust; drop a deadline that cannot be."""
    if offer.deadline and offer.published_on and offer.deadline < offer.published_on:
        offer.unreadable.setdefault("deadline", offer.deadline.strftime("%d/%m/%Y"))
        offer.deadline = offer.initial_deadline = offer.deadline_time = None
        offer.found.pop("deadline", None)
        offer.review = "date limite antérieure à la publication : vérifier l'avis"
    if offer.deadline or offer.no_deadline or offer.review:
        return
    if "deadline" in offer.unreadable:
        offer.review = (
            f"date limite illisible (« {offer.unreadable['deadline']} ») : vérifier l'avis"
        )
    elif speaks_of_applying(text):
        offer.review = "date limite introuvable : vérifier l'avis"
