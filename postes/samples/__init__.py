"""Built-in sample notices, written for the project, with dates relative to a given day.

Templates are `*.tmpl` files beside this module. A placeholder `{{+10:long}}` renders the day
ten days after `today` in one of the formats real notices use (see `_FORMATS`); `{{yy}}` is
the two-digit year, as in references `3134-25-0834/SR`. Demos and tests use them to fill an
empty database with offers whose deadlines are still ahead.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources

from postes.offers.dates import MONTH_NAMES, WEEKDAY_NAMES

_PLACEHOLDER = re.compile(r"\{\{\s*(?:(?P<offset>[+-]\d+):(?P<style>\w+)|(?P<yy>yy))\s*\}\}")


def _day(value: date, superscript: bool = False) -> str:
    if value.day == 1:
        return "1ᵉʳ" if superscript else "1er"
    return f"{value.day:02d}"


def _long(value: date, superscript: bool = False) -> str:
    weekday, month = WEEKDAY_NAMES[value.weekday()], MONTH_NAMES[value.month - 1]
    return f"{weekday} {_day(value, superscript)} {month} {value.year}"


_FORMATS = {
    "long": _long,  # vendredi 1er août 2025
    "Long": lambda value: _long(value).capitalize(),  # Vendredi 29 août 2025
    "sup_long": lambda value: _long(value, superscript=True),  # vendredi 1ᵉʳ août 2025
    "plain": lambda value: f"{_day(value)} {MONTH_NAMES[value.month - 1]} {value.year}",
    "sup": lambda value: f"{_day(value, True)} {MONTH_NAMES[value.month - 1]} {value.year}",
    "slash": lambda value: value.strftime("%d/%m/%Y"),  # 06/06/2025
    "short": lambda value: value.strftime("%d/%m/%y"),  # 15/08/25
    "month": lambda value: f"{MONTH_NAMES[value.month - 1].capitalize()} {value.year}",
}


def render(template: str, today: date) -> str:
    """Fill a template's date placeholders relative to `today`."""

    def replace(match: re.Match[str]) -> str:
        if match["yy"]:
            return f"{today.year % 100:02d}"
        return _FORMATS[match["style"]](today + timedelta(days=int(match["offset"])))

    return _PLACEHOLDER.sub(replace, template)


def sample_documents(today: date) -> list[tuple[str, bytes]]:
    """The sample notices as (filename, content), deadlines a few days to weeks after `today`."""
    documents = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".tmpl"):
            text = render(entry.read_text(encoding="utf-8"), today)
            documents.append((entry.name.removesuffix(".tmpl"), text.encode("utf-8")))
    return documents
