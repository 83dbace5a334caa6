"""French dates as notices write them: `vendredi 1er août 2025`, `06/06/2025`, `15/08/25`.

python-dateutil does the calendar arithmetic (two-digit years, invalid days); we add what it
lacks for French: month and weekday names, `1er`, accents and case. We only read a date when
day, month and year are all written: `fin août` or `dès que possible` yield nothing, never a
guess, so that the caller can flag the text as unreadable.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from dateutil import parser as _dateutil

# How French writes them, Monday and January first.
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# Folded spellings (no accents, lower case) -> month number; abbreviations with or without dot.
_MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = rf"(?:(?:{'|'.join(WEEKDAY_NAMES)})\.?,?\s+)?"
# `1er`, `1 er`, `2e`, `2eme` (after folding `1ᵉʳ` reads `1er`).
_DAY_RE = r"(?P<day>[0-3]?\d)(?:\s?(?:er|eme|e))?"
_NAMED = re.compile(
    rf"\b{_WEEKDAY_RE}{_DAY_RE}\s+(?P<month>{_MONTH_RE})\.?(?:\s+(?P<year>\d{{4}}|\d{{2}}))?\b"
)
# Two-digit years only with slashes: `27.12.34` is far more often a phone number than a date.
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<day>[0-3]?\d)(?:er)?\s?(?P<sep>[/.-])\s?(?P<month>[01]?\d)\s?(?P=sep)\s?"
    r"(?P<year>\d{4}|(?<=/)\d{2})(?![\d/])"
)
_MONTH_ONLY = re.compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<year>\d{{4}})\b")

# Words that mark a date as the superseded deadline, or as the new one.
_INITIAL_MARKS = ("initial", "au lieu du", "au lieu de", "ancienne date", "precedemment")
_NEW_MARKS = (
    *("prorog", "report", "repouss", "prolong", "decal", "nouvelle date", "jusqu"),
    *("avance", "ramene", "anticipe", "modifi"),
)
# A deadline moved earlier: rare, and always announced in these words.
SHORTENING = re.compile(r"\b(?:avancee?s?|ramenee?s?|anticipee?s?) (?:au|a|du)\b")
EXTENSION = re.compile(
    r"prorog|report|repouss|prolong|initialement|modification de la date|nouvelle date"
    r"|\b(?:avancee?s?|ramenee?s?|anticipee?s?) (?:au|a|du)\b"
)


# dateutil takes any number of names a month, where its stubs say two or three.
_MONTH_NAMES: list[Any] = [
    tuple(name for name, number in _MONTHS.items() if number == month) for month in range(1, 13)
]


class _FrenchParserInfo(_dateutil.parserinfo):
    """Teach dateutil the French month names, in their folded spelling."""

    MONTHS = _MONTH_NAMES


_PARSER_INFO = _FrenchParserInfo(dayfirst=True)


def fold_same_length(text: str) -> str:
    """Lower-case and strip accents one character for one, so match offsets stay valid."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        low = base.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def _build(day: str, month: int | str, year: str) -> date | None:
    """Let dateutil check the calendar and expand two-digit years."""
    try:
        return _dateutil.parse(f"{day} {month} {year}", parserinfo=_PARSER_INFO).date()
    except (ValueError, OverflowError):
        return None  # 31 février: written like a date, but not one


def _locate(text: str, folded: str) -> list[tuple[int, date, str]]:
    """Full dates of a text as (offset, date, raw text), in reading order."""
    found: list[tuple[int, date, str]] = []
    for match in _NAMED.finditer(folded):
        if match["year"]:
            value = _build(match["day"], match["month"], match["year"])
            if value:
                found.append((match.start(), value, text[match.start() : match.end()]))
    for match in _NUMERIC.finditer(folded):
        value = _build(match["day"], int(match["month"]), match["year"])
        if value:
            found.append((match.start(), value, text[match.start() : match.end()]))
    found.sort(key=lambda item: item[0])
    return found


def locate_dates(text: str) -> list[tuple[int, int, date]]:
    """Full dates of a text as (start, end, date) offsets, in reading order."""
    return [
        (start, start + len(raw), value)
        for start, value, raw in _locate(text, fold_same_length(text))
    ]


def find_dates(text: str) -> list[tuple[date, str]]:
    """Locate the full dates of a text, in order, each with the raw text it was read from."""
    return [(value, raw) for _, value, raw in _locate(text, fold_same_length(text))]


def parse_french_date(text: str) -> date | None:
    """Read the first full date in a phrase; None when it names none (`fin août`)."""
    dates = find_dates(text)
    return dates[0][0] if dates else None


def parse_french_month(text: str) -> date | None:
    """Read the month a phrase names (`Juillet 2025`) as the first day of that month."""
    match = _MONTH_ONLY.search(fold_same_length(text))
    if not match:
        full = parse_french_date(text)
        return full.replace(day=1) if full else None
    return date(int(match["year"]), _MONTHS[match["month"]], 1)


def read_deadline(text: str) -> tuple[date | None, date | None]:
    """Read `(deadline, initial_deadline)` from a deadline and any extension sentences.

    The deadline is the latest date not marked as superseded; the initial deadline is set only
    when the text says the deadline moved ("prorogée au …", "initialement prévue le …").
    """
    folded = fold_same_length(text)
    initial: list[date] = []
    current: list[date] = []
    for start, value, _raw in _locate(text, folded):
        before = folded[max(0, start - 60) : start]
        last_initial = max(before.rfind(mark) for mark in _INITIAL_MARKS)
        last_new = max(before.rfind(mark) for mark in _NEW_MARKS)
        (initial if last_initial > last_new else current).append(value)
    if SHORTENING.search(folded):
        # A date cited as replaced is not current where the notice repeats it unmarked.
        current = [day for day in current if day not in initial] or current
        if not initial and len(set(current)) > 1:
            # `ramenée du 11/12/2026 au 04/12/2026`: the new date is the earlier one.
            initial, current = [max(current)], [min(current)]
        deadline = min(current) if current else None
        replaced = max(initial) if initial else None
        return deadline, (None if replaced == deadline else replaced)
    deadline = max(current) if current else None
    if not initial and EXTENSION.search(folded) and len(set(current)) > 1:
        initial = [min(current)]
    first = min(initial) if initial else None
    if first == deadline:
        first = None
    return deadline, first
