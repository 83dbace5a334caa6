"""Search queries and subscriptions share one shape: words plus employer and corps filters.

`/offers corps:attaché employeur:"province sud" informatique` and a subscription with the
same terms mean the same thing; `offers.matching` decides it for one offer, the storage
search for many.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from postes.offers.text import fold, terms

MAX_QUERY_LENGTH = 300  # characters; longer input is refused with a message, not truncated
_FILTER = re.compile(r"^(employeur|employer|emp|corps|grade|cadre)\s*[:=]\s*(.*)$", re.I)
_EMPLOYER_KEYS = {"employeur", "employer", "emp"}


class QueryError(ValueError):
    """The query cannot be used; the message is for the user, in French."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Stems every offer must contain, and alternatives of employers and of corps."""

    words: tuple[str, ...] = ()  # stems; each must prefix some word of the offer
    employers: tuple[str, ...] = ()  # as the user wrote them; any may match
    corps: tuple[str, ...] = ()  # as the user wrote them; any may match

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.employers or self.corps)

    def describe(self, words_label: str = "mots") -> str:
        """Human summary in French, e.g. `corps : Attaché · mots : informatique`."""
        parts = []
        if self.employers:
            parts.append("employeur : " + " ou ".join(self.employers))
        if self.corps:
            parts.append("corps : " + " ou ".join(self.corps))
        if self.words:
            parts.append(f"{words_label} : " + " ".join(self.words))
        return " · ".join(parts) or "toutes les offres"


def _tokens(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        # An unbalanced quote is not worth an error: read the words as written.
        return text.replace('"', " ").replace("'", " ").split()


def parse_query(text: str) -> SearchQuery:
    """Read `corps:attaché employeur:"province sud" informatique` into a SearchQuery."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"Recherche trop longue ({len(text)} caractères, {MAX_QUERY_LENGTH} au plus)."
        )
    words: list[str] = []
    employers: list[str] = []
    corps: list[str] = []
    for token in _tokens(text.replace("’", "'")):
        match = _FILTER.match(token)
        if match and match.group(2).strip():
            target = employers if fold(match.group(1)) in _EMPLOYER_KEYS else corps
            target.extend(v.strip() for v in match.group(2).split(",") if terms(v))
        elif not match:
            words.extend(terms(token))
    return SearchQuery(
        words=tuple(dict.fromkeys(words)),
        employers=tuple(dict.fromkeys(employers)),
        corps=tuple(dict.fromkeys(corps)),
    )
