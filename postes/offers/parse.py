"""A notice's text -> Offer, read by meaning: labels vary, move and sometimes go missing.

Each field is read from the most explicit place the notice gives it (a label, a table row,
a sentence) and `Offer.found` records which; what is only guessed is marked "inferred". An
offer asking for applications without saying until when is flagged (`Offer.review`) for a
person to check: a wrong deadline would cost a candidate their reminder, a flag costs nothing.
"""

from __future__ import annotations

import re

from postes.offers.dated_fields import (
    Provenance,
    read_deadline,
    read_published,
    read_start,
    review,
)
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
from postes.offers.letterheads import is_header_line
from postes.offers.model import NotAnOffer, Offer
from postes.offers.references import read_reference
from postes.offers.sentences import Passage, count_in, passages, place_in
from postes.offers.text import fold
from postes.offers.titles import read_title

# Notices of results look like notices (employer, reference, corps) but announce no vacancy.
_RESULTS = re.compile(
    r"^(liste (des |d )?(candidats|laureats|admis|aptitude)|liste (principale|complementaire)"
    r"|candidats (admis|retenus|convoques|selectionnes)|resultats?\b|proces verbal|pv\b)"
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
    for name, labelled in column_labels(tables).items():
        labels.setdefault(name, labelled)
    used = {index for labelled in labels.values() for index in labelled.lines}
    body_start = labels["body"].lines[0] if "body" in labels else None
    header = [line for line in lines if body_start is None or line.index < body_start]
    prose = passages(lines)
    offer = Offer(title="", body="", source=source)
    how = Provenance(offer, labels, {line.index: line for line in lines})

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
    read_published(offer, labels, lines, how)
    read_deadline(offer, labels, lines, used, prose, how)
    read_start(offer, labels, prose, how)
    offer.contact = read_contact(labels, lines)
    if title_line is not None:
        used.update(
            line.index for line in header if line.index < title_line and is_header_line(line)
        )
    offer.body = _body(lines, used, body_start)
    if body_start is not None and (intro := labels["body"].value):
        offer.body = f"{intro}\n{offer.body}".strip()  # `Description : …` on the marker line
    _check_is_offer(offer, lines)
    review(offer, "\n".join(line.text for line in lines))
    return offer


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
    how: Provenance,
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
    offer: Offer, labels: dict[str, Labelled], header: list[Line], how: Provenance
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
    how: Provenance,
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
    how: Provenance,
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
