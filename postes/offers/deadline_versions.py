"""Which of two copies of a notice says the current deadline.

An amended notice keeps the original's publication date, so the dates of the documents cannot
tell an old copy from a new one. The evidence is in the deadlines themselves: a copy giving a
deadline the offer already had is an old copy, never a change; a later deadline is an
extension; an earlier one is accepted only when the document announces it by citing the date
it replaces (`ramenée au 4 décembre, initialement prévue le 11 décembre`), since a deadline
must never move back because an old copy was read again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

Verdict = Literal[
    "same",  # the copy says what the offer says
    "set",  # the offer had no deadline, the copy gives one
    "removed",  # the copy gives none (e.g. read "au fil de l'eau")
    "extended",  # later than the current one
    "shortened",  # earlier, and the document says so
    "old_copy",  # a deadline the offer had before: an older copy read again
    "unannounced_earlier",  # earlier, never seen, not announced: not trusted, flagged
]

# Verdicts under which the copy's deadline replaces the stored one.
ACCEPTED: frozenset[Verdict] = frozenset({"same", "set", "removed", "extended", "shortened"})


def judge_deadline(
    *, current: date | None, copy: date | None, cited: date | None, seen: Iterable[date]
) -> Verdict:
    """Judge a copy's deadline against the offer's current one and those it had before.

    `cited` is the date the copy says it replaces (`Offer.initial_deadline`); `seen` holds
    every deadline the offer has had, the current one included.
    """
    if copy == current:
        return "same"
    if copy is None:
        return "removed"
    announced_earlier = cited is not None and cited > copy
    earlier_seen = set(seen) - {current}
    if announced_earlier and (cited == current or copy not in earlier_seen):
        # Announced against the deadline in force: a real shortening, even back to a date
        # the offer once had (an extension withdrawn).
        return "shortened"
    if copy in earlier_seen:
        return "old_copy"
    if current is None:
        return "set"
    return "extended" if copy > current else "unannounced_earlier"


def describe_move(initial: date, deadline: date) -> str:
    """`prolongée` or `avancée`: how the deadline moved from the one first announced."""
    return "prolongée" if deadline > initial else "avancée"
