"""Lines of one column -> paragraphs, as the author typed them before the words wrapped.

A line went on to the next one when the next line's first word would not have fitted in the
room left at its end: the word processor wrapped it. A shorter line was ended on purpose (a
field, a list item, a heading), so it stays a line of its own. This holds for justified,
ragged and centred text alike, inside a table cell as on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from postes.offers.hyphens import ends_hyphenated, rejoin
from postes.offers.pdf_lines import Line

_BULLET = re.compile(r"^([-–—•●○◦▪■□➢➤►▶✓✔\uf0b7\uf0a7\uf076\uf0d8*]|\d{1,2}[.)]|[a-z][.)])(\s|$)")


# `Durée : contrat de deux ans`: a field of its own, even right after a full line.
_FIELD = re.compile(r"^[A-ZÀ-Ý][^\W\d_]*(?:[ '’][^\W\d_]+){0,5}\s?:\s")


@dataclass(slots=True)
class Paragraph:
    """A paragraph of a column; `spaced` when a blank stood before it."""

    text: str
    top: float
    bold: bool
    size: float
    spaced: bool = False
    bullet: bool = False
    open_end: bool = False  # its last line ran to the edge: it may go on over a page break


def starts_bullet(text: str) -> bool:
    """Whether a line opens a list item."""
    return bool(_BULLET.match(text))


def _continues(above: Line, below: Line, left: float, right: float) -> bool:
    if starts_bullet(below.text) or above.bold != below.bold or _FIELD.match(below.text):
        return False
    if abs(above.size - below.size) > 0.2 * above.size:
        return False
    gap = below.top - above.bottom
    if gap > 0.6 * above.size or gap < -0.3 * above.size:
        return False
    first = below.words[0]
    space = 0.28 * above.size
    # A word cut at the line's end (pdfium marks it) goes on below, whatever its case.
    last = above.words[-1]
    cut = last.line_hyphen or (ends_hyphenated(last.text) and below.text[:1].islower())
    middle = (left + right) / 2
    centred = above.x0 > left + 0.5 * above.size and abs((above.x0 + above.x1) / 2 - middle) < (
        above.size
    )
    room = (right - left) - (above.x1 - above.x0) if centred else right - above.x1
    if not cut and space + (first.x1 - first.x0) < room - 1:
        return False  # the word would have fitted: the line was ended on purpose
    if centred:
        return abs((below.x0 + below.x1) / 2 - middle) < below.size
    # A wrapped line starts at the column's left edge, or under the text after a bullet, or
    # is centred on the same axis as the line above.
    starts = [above.x0] + ([above.words[1].x0] if len(above.words) > 1 else [])
    same_axis = abs((above.x0 + above.x1) - (below.x0 + below.x1)) < 4
    return below.x0 <= min(starts) + 2 or any(abs(below.x0 - x) <= 2 for x in starts) or same_axis


def _append(text: str, line: Line) -> str:
    last = text.rsplit(" ", 1)[-1]
    if line.words and ends_hyphenated(last):
        head = text[: len(text) - len(last)]
        return head + rejoin(last, line.text)
    return f"{text} {line.text}"


def paragraphs(lines: list[Line], right: float, left: float | None = None) -> list[Paragraph]:
    """Rebuild the paragraphs of a column whose text may run from `left` to `right`."""
    result: list[Paragraph] = []
    previous: Line | None = None
    if left is None:
        left = min((line.x0 for line in lines), default=0.0)
    for line in lines:
        if previous is not None and result and _continues(previous, line, left, right):
            result[-1].text = _append(result[-1].text, line)
        else:
            spaced = previous is not None and line.top - previous.bottom > 0.6 * previous.size
            result.append(
                Paragraph(
                    line.text,
                    line.top,
                    line.bold,
                    line.size,
                    spaced=spaced,
                    bullet=starts_bullet(line.text),
                )
            )
        result[-1].open_end = line.x1 > right - 0.3 * line.size * 4
        previous = line
    return result


def join_paragraphs(items: list[Paragraph]) -> str:
    """A cell's paragraphs as one value: list items after `;`, the rest after a space."""
    text = ""
    for item in items:
        if not text:
            text = item.text
        elif ends_hyphenated(text.rsplit(" ", 1)[-1]):
            last = text.rsplit(" ", 1)[-1]
            text = text[: len(text) - len(last)] + rejoin(last, item.text)
        else:
            text += ("; " if item.bullet else " ") + item.text
    return text
