"""The dated fields of a notice (publication, deadline, start) and how each field was read;
then what a person should check rather than trust.
"""

from __future__ import annotations

import re
from datetime import date

from postes.offers.dates import EXTENSION, find_dates, parse_french_date
from postes.offers.deadlines import read_deadline_parts, speaks_of_applying
from postes.offers.fields import value_of
from postes.offers.labels import Labelled, Line
from postes.offers.letterheads import place_date, published_in
from postes.offers.model import Offer
from postes.offers.sentences import Passage
from postes.offers.text import fold

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


class Provenance:
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


def _read_date(offer: Offer, labels: dict[str, Labelled], name: str) -> date | None:
    raw = value_of(labels, name)
    if not raw:
        return None
    value = parse_french_date(raw)
    if value is None:
        offer.unreadable[name] = raw
    return value


def read_published(
    offer: Offer, labels: dict[str, Labelled], lines: list[Line], how: Provenance
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


def read_deadline(
    offer: Offer,
    labels: dict[str, Labelled],
    lines: list[Line],
    used: set[int],
    prose: list[Passage],
    how: Provenance,
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


def read_start(
    offer: Offer, labels: dict[str, Labelled], prose: list[Passage], how: Provenance
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


def review(offer: Offer, text: str) -> None:
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
