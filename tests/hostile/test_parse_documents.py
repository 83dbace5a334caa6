"""Whole notices with a hostile line in them: read fast in every text form, or set aside.

A real notice followed by one long unbroken line froze the bot (issue 9): 25 000 letters
took 1.8 s, 200 000 took 113 s. Such lines, here of 30 000 characters, stay within the text limit,
so the parser itself must be fast on them; a 5 MB one is set aside before the parser.
"""

from __future__ import annotations

import html
import time

import pytest

from postes.jobs.document_limits import DEFAULT_LIMITS, read_document
from postes.offers.model import NotAnOffer, Offer
from postes.offers.parse import parse_document
from tests.jobs.test_ingest import notice

SECONDS = 2.0  # per document; such a notice takes a few tens of milliseconds
LENGTH = 30_000
# Runs that made a pattern of the parser quadratic, and a few of their neighbours.
HOSTILE_UNITS = ("x", "1", " ", "\t", "#", "|", "-", "@", "é", "a.", "1/", "a-", " 1", "# ", "|---")
# Where the line sits: loose (a title, or body text), or as the value of a label whose
# reader has patterns of its own. Labels read the same in every form once it is text.
PREFIXES = ("", "Corps : ", "Contact : ", "Référence : ", "# ")
CASES = [
    *((unit, prefix, ".txt") for unit in HOSTILE_UNITS for prefix in PREFIXES),
    *((unit, "", suffix) for unit in HOSTILE_UNITS for suffix in (".md", ".html")),
    *((unit, "# ", ".md") for unit in HOSTILE_UNITS),
]


def _document(suffix: str, line: str) -> bytes:
    text = line + "\n" + notice().decode()  # first, so that its label is the one read
    if suffix == ".html":
        paragraphs = "".join(f"<p>{html.escape(row)}</p>" for row in text.split("\n"))
        return f"<html><body>{paragraphs}</body></html>".encode()
    return text.encode()


def _timed(read: object) -> tuple[float, object]:
    start = time.perf_counter()
    try:
        result = read()  # type: ignore[operator]
    except NotAnOffer as error:
        result = error
    return time.perf_counter() - start, result


@pytest.mark.parametrize(("unit", "prefix", "suffix"), CASES)
def test_notice_with_a_long_hostile_line_is_read_fast(unit: str, prefix: str, suffix: str) -> None:
    data = _document(suffix, prefix + (unit * LENGTH)[:LENGTH])

    seconds, result = _timed(lambda: parse_document(data, f"avis{suffix}"))

    assert seconds < SECONDS, f"{seconds:.2f} s"
    # A label that swallows the title may leave no offer: then a reason, never a crash.
    assert isinstance(result, Offer | NotAnOffer)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_notice_followed_by_5_mb_of_one_letter_is_set_aside_fast(suffix: str) -> None:
    data = _document(suffix, "x" * 5_000_000)

    seconds, result = _timed(
        lambda: read_document(data, f"avis{suffix}", source="avis", limits=DEFAULT_LIMITS)
    )

    assert seconds < 10 * SECONDS, f"{seconds:.2f} s"
    assert isinstance(result, NotAnOffer)
    assert str(result).startswith("Texte trop long : 5 00")
