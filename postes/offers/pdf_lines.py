"""Glyphs -> words -> lines, as a reader sees them.

Words are cut at spaces and at gaps wider than a space; a raised, smaller ending (`1ᵉʳ`,
`2ᵉ`) stays with its number. Lines gather the words whose middle lies within the same band of
the page, whatever the order the PDF drew them in, so two boxes printed side by side share
lines: `pdf_layout` pulls them apart again by the gaps and rules between them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from postes.offers.pdf_glyphs import Glyph, Rule

# A gap wider than this share of the font height separates words even without a space.
_WORD_GAP = 0.16
# Raised and smaller than the glyph before it: an ordinal's ending, a footnote call.
_SUPERSCRIPT_SIZE = 0.85


@dataclass(slots=True)
class Word:
    """Glyphs printed together."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool
    line_hyphen: bool = False  # ends with a hyphen pdfium saw breaking a word at line end

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Line:
    """Words sharing a band of the page (`top` to `bottom`), left to right."""

    page: int
    top: float
    bottom: float
    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def bold(self) -> bool:
        letters = [word for word in self.words if any(ch.isalpha() for ch in word.text)]
        return bool(letters) and all(word.bold for word in letters)

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def _is_raised(glyph: Glyph, base: Glyph) -> bool:
    return (
        glyph.size < _SUPERSCRIPT_SIZE * base.size
        and glyph.baseline < base.baseline - 0.12 * base.size
        and glyph.bottom > base.top
    )


def _word(glyphs: list[Glyph]) -> Word:
    base = max(glyphs, key=lambda glyph: glyph.size)  # a superscript never sets the line
    return Word(
        "".join(glyph.text for glyph in glyphs),
        min(glyph.x0 for glyph in glyphs),
        max(glyph.x1 for glyph in glyphs),
        base.top,
        base.bottom,
        all(glyph.bold for glyph in glyphs if glyph.text.isalnum()) and base.bold,
        glyphs[-1].line_hyphen,
    )


def words_of(glyphs: Iterable[Glyph]) -> list[Word]:
    """Cut glyphs, in content order, into words."""
    words: list[Word] = []
    current: list[Glyph] = []
    base: Glyph | None = None  # the last full-size glyph of the current word
    inferred_break = False  # pdfium put a space here of its own accord: a break, or not

    def flush() -> None:
        nonlocal current, base
        if current:
            words.append(_word(current))
        current, base = [], None

    for glyph in glyphs:
        if glyph.text.isspace() or not glyph.size:
            if glyph.size:  # a real space
                flush()
            else:
                inferred_break = True
            continue
        if current and base is not None:
            previous = current[-1]
            gap = glyph.x0 - previous.x1
            same_line = abs(glyph.baseline - base.baseline) < 0.3 * base.size
            raised = _is_raised(glyph, base)
            # `1` + raised `er`: pdfium may put a space between; the ending still touches.
            touching_ending = raised and -1 <= gap <= 1
            if (
                (inferred_break and not touching_ending)
                or not (same_line or raised)
                or gap > _WORD_GAP * base.size
                or gap < -base.size
            ):
                flush()
        inferred_break = False
        current.append(glyph)
        if base is None or not _is_raised(glyph, base):
            base = glyph
        if glyph.line_hyphen:  # the word goes on at the start of the next line
            flush()
    flush()
    return words


def lines_of(words: list[Word], page: int) -> list[Line]:
    """Group words into lines: a word belongs to the line whose band holds its middle."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        for line in reversed(lines[-6:]):  # side-by-side boxes interleave a few lines
            if line.top <= word.middle <= line.bottom and word.size < 1.6 * line.size:
                line.words.append(word)
                break
        else:
            lines.append(Line(page, word.top, word.bottom, [word]))
    lines = _attach_raised(lines)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return sorted(lines, key=lambda line: (line.top, line.x0))


def _follows(word: Word, host: Line) -> bool:
    """Whether a word is printed right after a word of the host line, as an ending is."""
    return any(-1 <= word.x0 - w.x1 <= 0.3 * w.size for w in host.words)


def _attach_raised(lines: list[Line]) -> list[Line]:
    """Fold a line of small raised endings (a lone `er`, `(1)`) into the line they are on."""
    kept: list[Line] = []
    for index, line in enumerate(lines):
        short = all(len(word.text) <= 4 for word in line.words)
        host = next(
            (
                other
                for other in lines[max(0, index - 3) : index + 4]
                if short
                and other is not line
                and line.size < _SUPERSCRIPT_SIZE * other.size
                and other.top - 0.6 * other.size <= line.top
                and line.bottom <= other.bottom
                and all(_follows(word, other) for word in line.words)
            ),
            None,
        )
        if host is None:
            kept.append(line)
        else:
            host.words.extend(line.words)
    return kept


def typical_size(lines: Iterable[Line]) -> float:
    """The body text's height: the most common word height, weighted by text length."""
    weights: dict[float, int] = {}
    for line in lines:
        for word in line.words:
            key = round(word.size, 1)
            weights[key] = weights.get(key, 0) + len(word.text)
    return max(weights, key=lambda key: weights[key]) if weights else 12.0


def split_segments(line: Line, rules: list[Rule], gap: float) -> list[list[Word]]:
    """Runs of words of a line, cut at gaps wider than `gap` and at vertical rules."""
    walls = [
        rule.x0
        for rule in rules
        if not rule.horizontal and rule.top <= line.top + 2 and rule.bottom >= line.bottom - 2
    ]
    segments: list[list[Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        previous = segments[-1][-1]
        wall = any(previous.x1 - 1 <= x <= word.x0 + 1 for x in walls)
        if wall or word.x0 - previous.x1 > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def median_gap(lines: Iterable[Line]) -> float:
    """The usual space between words of a line, for telling spaces from column gaps."""
    gaps = [
        b.x0 - a.x1
        for line in lines
        for a, b in zip(line.words, line.words[1:], strict=False)
        if b.x0 > a.x1
    ]
    return statistics.median(gaps) if gaps else 3.0
