"""Page furniture: running headers, footers and page numbers, which are no part of a notice.

A line is furniture when it sits in the top or bottom margin and, digits aside, repeats on
most pages (`Province Nord – Avis n° 2025-117 – page 2/3`), or when it is a bare page number.
Letterheads print on the first page only, so they stay: the parser knows them for what they are.
"""

from __future__ import annotations

import re
from collections import Counter

from postes.offers.pdf_lines import Line
from postes.offers.text import fold

_MARGIN = 0.13  # share of the page height at the top and at the bottom
_PAGE_NUMBER = re.compile(
    r"(?<!\s)(?:page|p\.?)?\s*+\d{1,3}(?:\s*+(?:/|sur|de)\s*+\d{1,3})?"
    r"|[-–—]\s*+\d{1,3}\s*+[-–—]",
    re.IGNORECASE,
)


def _key(line: Line) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", fold(line.text))).strip()


def _in_margin(line: Line, height: float) -> bool:
    return line.bottom < _MARGIN * height or line.top > (1 - _MARGIN) * height


def drop_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """The lines of each page without running headers, footers and page numbers."""
    seen: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        seen.update({_key(line) for line in lines if _in_margin(line, height)})
    repeated = {key for key, count in seen.items() if count >= 2 and count * 2 >= len(pages)}
    kept: list[list[Line]] = []
    for lines, height in zip(pages, heights, strict=True):
        kept.append(
            [
                line
                for line in lines
                if not (
                    _in_margin(line, height)
                    and (_key(line) in repeated or _PAGE_NUMBER.fullmatch(line.text.strip()))
                )
            ]
        )
    return kept
