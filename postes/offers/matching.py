"""Does an offer match a query or subscription? The one definition of the semantics.

Every word of the query must be the prefix of a word of the offer (after folding accents,
case and feminine/plural endings) — or one of them, for `a OU b` — at least one employer
filter must match the employer, at least one corps filter must match one of the offer's
corps, and at least one place filter must match its workplace. The storage search is
tested against this function.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from postes.offers.model import Corps, Offer
from postes.offers.query import SearchQuery
from postes.offers.text import index_text, terms


@dataclass(frozen=True, slots=True)
class OfferTerms:
    """An offer reduced to what matching looks at."""

    words: frozenset[str]
    employer: tuple[str, ...]
    corps: tuple[tuple[str, ...], ...]
    workplace: tuple[str, ...] = ()


def offer_index_text(offer: Offer) -> str:
    """The stemmed words an offer is found by: search indexes them, subscriptions match them.

    Workplace, grades and specialities count: the parser keeps them out of the body, and
    users search and subscribe by them (`koné`, `informatique`).
    """
    corps_words = [part for c in offer.corps for part in (c.name, c.grade, c.speciality) if part]
    return index_text(
        offer.title,
        offer.employer,
        offer.direction,
        " ".join(corps_words),
        offer.workplace,
        offer.body,
    )


def place_terms(workplace: str | None) -> list[str]:
    """The stems `lieu:` filters look at: every word of the workplace, stop words too."""
    return index_text(workplace).split()


def terms_of_offer(offer: Offer) -> OfferTerms:
    """OfferTerms of a parsed Offer."""
    return OfferTerms(
        words=frozenset(offer_index_text(offer).split()),
        employer=tuple(terms(offer.employer or "")),
        corps=tuple(tuple(terms(c.name)) for c in offer.corps),
        workplace=tuple(place_terms(offer.workplace)),
    )


def offer_terms(
    *,
    title: str,
    body: str,
    employer: str | None,
    direction: str | None,
    corps: Sequence[str],
    workplace: str | None = None,
) -> OfferTerms:
    """OfferTerms from loose fields (corps by name only), for tests and benchmarks."""
    return terms_of_offer(
        Offer(
            title=title,
            body=body,
            employer=employer,
            direction=direction,
            corps=[Corps(name) for name in corps],
            workplace=workplace,
        )
    )


def _all_prefix(wanted: Iterable[str], available: Iterable[str]) -> bool:
    pool = tuple(available)
    return all(any(word.startswith(w) for word in pool) for w in wanted)


def employer_matches(filter_text: str, employer: Sequence[str]) -> bool:
    """`noumea` matches `Mairie de Nouméa`: every filter word prefixes an employer word."""
    wanted = terms(filter_text)
    return bool(wanted) and _all_prefix(wanted, employer)


def corps_matches(filter_text: str, corps: Sequence[Sequence[str]]) -> bool:
    """`attache` matches the corps `Attaché`; all words must fit one corps."""
    wanted = terms(filter_text)
    return bool(wanted) and any(_all_prefix(wanted, names) for names in corps)


def place_matches(filter_text: str, workplace: Sequence[str]) -> bool:
    """`paita` matches the workplace `Païta`, `mont dore` matches `Mont-Dore (Boulari)`."""
    wanted = terms(filter_text)
    return bool(wanted) and _all_prefix(wanted, workplace)


def matches(query: SearchQuery, offer: OfferTerms) -> bool:
    """Tell whether the offer satisfies the query or subscription."""
    if query.employers and not any(employer_matches(e, offer.employer) for e in query.employers):
        return False
    if query.corps and not any(corps_matches(c, offer.corps) for c in query.corps):
        return False
    if query.places and not any(place_matches(p, offer.workplace) for p in query.places):
        return False
    if not query.words:
        return True
    found = (any(word.startswith(w) for word in offer.words) for w in query.words)
    return any(found) if query.any_words else all(found)
