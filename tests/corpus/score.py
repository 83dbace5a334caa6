"""Score a parsed offer against a notice's labels, field by field.

The scorer reads offers by duck typing, so that it works on the parser's `Offer` before and
after the fields being added to it (`deadline_time`, `no_deadline`, `review`) exist.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from tests.corpus import EXPECT_KEYS

FIELDS = EXPECT_KEYS
# Outcomes of the deadline, worst last: a WRONG deadline sends a reminder on the wrong day.
DEADLINE_OUTCOMES = ("right", "flagged", "missed", "rejected", "WRONG")


def fold(text: str | None) -> str:
    """Case, accents, punctuation and spacing ignored: `Contrôleur(euse) ` -> `controleur euse`."""
    if not text:
        return ""
    text = text.replace("\u00ad", "").replace("\ufffe", "").replace("œ", "oe").replace("Œ", "OE")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _compact(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "").replace("\u00ad", "")).lower()


def _alternatives(value: Any) -> list[str | None]:
    return list(value) if isinstance(value, list) else [value]


def _iso(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str) and value else None


def _hhmm(value: Any) -> str | None:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value if isinstance(value, str) and value else None


def _corps_names(offer: Any) -> list[str]:
    return [getattr(corps, "name", str(corps)) for corps in getattr(offer, "corps", None) or []]


def read_field(offer: Any, name: str) -> Any:
    """What an offer holds for a label's field, in the label's terms (ISO dates, HH:MM)."""
    if name == "corps":
        return _corps_names(offer)
    if name in ("published_on", "deadline", "start_date"):
        return _iso(getattr(offer, name, None))
    if name == "deadline_time":
        return _hhmm(getattr(offer, "deadline_time", None))
    if name == "no_deadline":
        return bool(getattr(offer, "no_deadline", False))
    if name == "posts":
        return getattr(offer, "posts", 1)
    return getattr(offer, name, None)


def _same_text(expected: Any, got: Any) -> bool:
    return any(fold(option) == fold(got) for option in _alternatives(expected))


def _same_reference(expected: Any, got: Any) -> bool:
    return any(_compact(option) == _compact(got) for option in _alternatives(expected))


def _same_corps(expected: Iterable[str], got: Iterable[str]) -> bool:
    return {fold(name) for name in expected} == {fold(name) for name in got}


def _same(expected: Any, got: Any) -> bool:
    return expected == got


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "title": _same_text,
    "reference": _same_reference,
    "employer": _same_text,
    "corps": _same_corps,
    "workplace": _same_text,
}


@dataclass(frozen=True)
class FieldResult:
    name: str
    ok: bool
    expected: Any
    got: Any


@dataclass
class NoticeScore:
    """How one form (text or PDF) of one notice was read."""

    notice: str
    form: str
    fields: dict[str, FieldResult] = field(default_factory=dict)
    title_case_ok: bool = False
    deadline_outcome: str = "rejected"
    error: str | None = None  # why the parser rejected or crashed on the document

    @property
    def right(self) -> int:
        return sum(result.ok for result in self.fields.values())

    @property
    def failures(self) -> list[FieldResult]:
        return [result for result in self.fields.values() if not result.ok]


def _is_all_caps(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def title_case_ok(expected: Any, got: str | None) -> bool:
    """The title is in normal case unless the expected one itself is all caps."""
    if not got:
        return False
    if any(_is_all_caps(option or "") for option in _alternatives(expected)):
        return True
    return not _is_all_caps(got)


def deadline_outcome(expected: str | None, offer: Any) -> str:
    """right, flagged (no date, offer flagged for review), missed (no date, unflagged), WRONG."""
    got = _iso(getattr(offer, "deadline", None))
    if got is not None:
        return "right" if got == expected else "WRONG"
    if getattr(offer, "review", None):
        return "flagged"
    return "right" if expected is None else "missed"


def score_offer(expect: dict[str, Any], offer: Any, *, notice: str, form: str) -> NoticeScore:
    """Compare every labelled field with what the offer holds."""
    score = NoticeScore(notice, form)
    for name in FIELDS:
        expected = expect[name]
        got = read_field(offer, name)
        ok = _COMPARE.get(name, _same)(expected, got)
        score.fields[name] = FieldResult(name, ok, expected, got)
    score.title_case_ok = title_case_ok(expect["title"], getattr(offer, "title", None))
    score.deadline_outcome = deadline_outcome(expect["deadline"], offer)
    return score


def score_failure(expect: dict[str, Any], error: str, *, notice: str, form: str) -> NoticeScore:
    """A document the parser rejected or crashed on: every field is wrong, with the reason."""
    score = NoticeScore(notice, form, error=error)
    for name in FIELDS:
        score.fields[name] = FieldResult(name, False, expect[name], None)
    return score


def score_document(
    expect: dict[str, Any], parse: Callable[[], Any], *, notice: str, form: str
) -> NoticeScore:
    """Parse a document and score it; a rejection or a crash scores 0 with its reason."""
    from postes.offers.model import NotAnOffer

    try:
        offer = parse()
    except NotAnOffer as error:
        return score_failure(expect, f"rejected: {error}", notice=notice, form=form)
    except Exception as error:  # a crash is a result to report, not a reason to stop
        return score_failure(
            expect, f"crashed: {type(error).__name__}: {error}", notice=notice, form=form
        )
    return score_offer(expect, offer, notice=notice, form=form)


@dataclass(frozen=True)
class Summary:
    """Figures over a set of scores of one form."""

    notices: int
    right_by_field: dict[str, int]
    outcomes: dict[str, int]
    title_case_right: int

    @property
    def overall(self) -> float:
        """Share of all labelled fields read right, 0 to 1."""
        total = self.notices * len(FIELDS)
        return sum(self.right_by_field.values()) / total if total else 0.0


def summarise(scores: Iterable[NoticeScore]) -> Summary:
    """Per-field right counts, deadline outcomes and title checks of some scores."""
    scores = list(scores)
    return Summary(
        notices=len(scores),
        right_by_field={name: sum(score.fields[name].ok for score in scores) for name in FIELDS},
        outcomes={
            outcome: sum(score.deadline_outcome == outcome for score in scores)
            for outcome in DEADLINE_OUTCOMES
        },
        title_case_right=sum(score.title_case_ok for score in scores),
    )
