"""Search queries and subscriptions share one shape: words plus employer, corps, place filters.

`/offers corps:attaché employeur:"province sud" lieu:koné informatique` and a subscription
with the same terms mean the same thing; `offers.matching` decides it for one offer, the
storage search for many. `informatique OU réseaux` asks for any of the words instead of all.
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass

from postes.offers.text import fold, terms

MAX_QUERY_LENGTH = 300  # characters; longer input is refused with a message, not truncated
# Filter names users may type, folded, and the filter each one sets.
FILTER_KEYS: dict[str, str] = {
    "employeur": "employer",
    "employer": "employer",
    "emp": "employer",
    "corps": "corps",
    "grade": "corps",
    "cadre": "corps",
    "lieu": "place",
    "place": "place",
}
# Words people use for a place that are not filters: suggest `lieu:` rather than guess.
_PLACE_WORDS = ("ville", "commune", "localite", "localisation", "site", "lieux", "town", "city")
_FILTER = re.compile(r"^([^\W\d_]{2,20})\s*[:=]\s*(.*)$", re.S)
# `lieu : Koné` is `lieu:Koné` (tokens are split at spaces).
_SPACED_FILTER = re.compile(r"(?i)\b(" + "|".join(FILTER_KEYS) + r")\s*:\s+")
# Between words, `OU` (or `|`) makes them alternatives: `informatique OU réseaux`.
_OR_WORDS = {"ou", "|", "or"}


class QueryError(ValueError):
    """The query cannot be used; the message is for the user, in French (plain text)."""


class UnknownFilterError(QueryError):
    """`ville:Païta`: a filter we do not have; the message lists those we have."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Stems an offer must contain, and alternatives of employers, corps and places."""

    words: tuple[str, ...] = ()  # stems; each must prefix some word of the offer
    employers: tuple[str, ...] = ()  # as the user wrote them; any may match
    corps: tuple[str, ...] = ()  # as the user wrote them; any may match
    places: tuple[str, ...] = ()  # as the user wrote them; any may match the workplace
    any_words: bool = False  # one of `words` is enough (`informatique OU réseaux`)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.employers or self.corps or self.places)

    def describe(self, words_label: str = "mots") -> str:
        """Human summary in French, e.g. `corps : Attaché · mots : informatique`."""
        parts = []
        if self.employers:
            parts.append("employeur : " + " ou ".join(self.employers))
        if self.corps:
            parts.append("corps : " + " ou ".join(self.corps))
        if self.places:
            parts.append("lieu : " + " ou ".join(self.places))
        if self.words:
            joiner = " ou " if self.any_words else " "
            parts.append(f"{words_label} : " + joiner.join(self.words))
        return " · ".join(parts) or "toutes les offres"


@dataclass(frozen=True, slots=True)
class ParsedText:
    """A query, and its free words as the user typed them (what a subscription shows)."""

    query: SearchQuery
    typed_words: tuple[str, ...]


def _tokens(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        pass
    # An unclosed quote (`employeur:"province sud`) is closed at the end of the text.
    for closing in ('"', "'"):
        try:
            return shlex.split(text + closing)
        except ValueError:
            continue
    return text.replace('"', " ").replace("'", " ").split()


def _unknown_filter(key: str, value: str) -> UnknownFilterError:
    folded = fold(key)
    shown = f"{key}:{value}" if value else f"{key}:"
    guess = None
    if folded in _PLACE_WORDS:
        guess = "lieu"
    else:
        close = difflib.get_close_matches(folded, ["employeur", "corps", "lieu"], n=1, cutoff=0.6)
        guess = close[0] if close else None
    hint = f" Vouliez-vous dire {guess}:{value or '…'} ?" if guess else ""
    return UnknownFilterError(
        f"Je ne connais pas le filtre « {shown} ».{hint}\n"
        'Filtres possibles : employeur: (ex. employeur:"province sud"), corps: '
        "(ex. corps:attaché), lieu: (lieu de travail, ex. lieu:Koné). "
        "Les autres mots sont cherchés dans tout le texte des offres."
    )


def parse_text(text: str) -> ParsedText:
    """Read `corps:attaché employeur:"province sud" lieu:koné informatique`.

    Raises QueryError (with a French message) for an over-long text or an unknown filter.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"Recherche trop longue ({len(text)} caractères, {MAX_QUERY_LENGTH} au plus)."
        )
    words: list[str] = []
    typed: list[str] = []
    filters: dict[str, list[str]] = {"employer": [], "corps": [], "place": []}
    any_words = False
    for token in _tokens(_SPACED_FILTER.sub(r"\1:", text.replace("’", "'"))):
        match = _FILTER.match(token)
        kind = FILTER_KEYS.get(fold(match.group(1))) if match else None
        # `https://…` is no filter, nor `agent:*`: only a name with a value looks like one.
        if match and "//" not in match.group(2) and (kind or terms(match.group(2))):
            if kind is None:
                raise _unknown_filter(match.group(1), match.group(2).strip())
            values = match.group(2).split(",")
            filters[kind].extend(" ".join(v.split()) for v in values if terms(v))
        elif fold(token) in _OR_WORDS:
            any_words = True
        elif terms(token):
            words.extend(terms(token))
            typed.append(token)
    unique = tuple(dict.fromkeys(words))
    query = SearchQuery(
        words=unique,
        employers=tuple(dict.fromkeys(filters["employer"])),
        corps=tuple(dict.fromkeys(filters["corps"])),
        places=tuple(dict.fromkeys(filters["place"])),
        any_words=any_words and len(unique) > 1,
    )
    return ParsedText(query, tuple(dict.fromkeys(typed)))


def parse_query(text: str) -> SearchQuery:
    """The SearchQuery of a typed text; see `parse_text`."""
    return parse_text(text).query
