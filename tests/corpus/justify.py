"""Justified, hyphenated paragraphs as Word sets them: a hyphen ends a line mid-word.

We break lines ourselves, deterministically: words are hyphenated with pyphen's French patterns,
or, when the text carries Word's optional hyphens (U+00AD), only there, and then the break shows
U+00AD itself, as Word's export does. Words are placed one by one, so a PDF reader sees the
widened gaps of justification.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

SOFT_HYPHEN = "\u00ad"
# A hyphenable word: letters only, with punctuation around it kept whole.
_WORD = re.compile(r"^(?P<pre>[«(“\"']*)(?P<core>(?:[^\W\d_]|\xad)+)(?P<post>[»)”\".,;:!?]*)$")
# "1er", "2ème", "1ère", "1ᵉʳ": the ending is raised when ordinals are printed as superscripts.
ORDINAL = re.compile(r"^(?P<num>\d{1,2})(?P<end>er|re|ère|e|ème|eme|nd|nde|ᵉʳ|ʳᵉ|ᵉ)(?P<post>\W*)$")
_SUPER_SCALE = 0.62


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="fr_FR", left=2, right=3)


Line = tuple[tuple[str, ...], bool]  # the words of a line, and whether it is spread to the margin


class JustifiedText(Flowable):  # type: ignore[misc]
    """A body paragraph, justified, with words hyphenated at line ends."""

    def __init__(
        self,
        text: str,
        *,
        font: str,
        size: float,
        leading: float,
        superscripts: bool,
        lines: list[Line] | None = None,
        space_after: float = 6,
    ) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading
        self.superscripts = superscripts
        self.soft = SOFT_HYPHEN in text
        self._lines = lines
        self._width = 0.0
        self.spaceAfter = space_after

    def _shown(self, word: str) -> str:
        # Optional hyphens are invisible unless a line breaks there.
        return word.replace(SOFT_HYPHEN, "")

    def _word_width(self, word: str) -> float:
        word = self._shown(word)
        match = ORDINAL.match(word) if self.superscripts else None
        if match is None:
            return float(stringWidth(word, self.font, self.size))
        small = self.size * _SUPER_SCALE
        end = {"ᵉʳ": "er", "ʳᵉ": "re", "ᵉ": "e"}.get(match["end"], match["end"])
        return float(
            stringWidth(match["num"], self.font, self.size)
            + stringWidth(end, self.font, small)
            + stringWidth(match["post"], self.font, self.size)
        )

    def _split_word(self, word: str, room: float) -> tuple[str, str] | None:
        """Split a word so that its head and a hyphen fit in `room`; None if it cannot."""
        match = _WORD.match(word)
        if match is None or len(self._shown(match["core"])) < 6:
            return None
        core = match["core"]
        if self.soft:
            cuts = [m.start() for m in re.finditer(SOFT_HYPHEN, core)]
            pairs = [(core[:cut], core[cut + 1 :]) for cut in reversed(cuts)]
            mark = SOFT_HYPHEN
        else:
            pairs = list(_hyphenator().iterate(core))
            mark = "-"
        hyphen = stringWidth("-", self.font, self.size)
        for head, tail in pairs:
            if self._word_width(match["pre"] + head) + hyphen <= room:
                return match["pre"] + head + mark, tail + match["post"]
        return None

    def _break(self, width: float) -> list[Line]:
        space = stringWidth(" ", self.font, self.size)
        lines: list[Line] = []
        current: list[str] = []
        used = 0.0
        for word in self.text.split():
            gap = space if current else 0.0
            word_width = self._word_width(word)
            if used + gap + word_width <= width or not current:
                current.append(word)
                used += gap + word_width
                continue
            split = self._split_word(word, width - used - gap)
            if split is not None:
                current.append(split[0])
                word = split[1]
            lines.append((tuple(current), True))
            current, used = [word], self._word_width(word)
        if current:
            lines.append((tuple(current), False))
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        if self._lines is None:
            self._lines = self._break(avail_width)
        return avail_width, len(self._lines) * self.leading

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self._lines if self._lines is not None else self._break(avail_width)
        fit = int(avail_height // self.leading)
        if fit < 2 or fit >= len(lines):
            return []
        head = [(words, True) for words, _ in lines[:fit]]
        return [self._part(head, 0), self._part(lines[fit:], self.spaceAfter)]

    def _part(self, lines: list[Line], space_after: float) -> JustifiedText:
        return JustifiedText(
            self.text,
            font=self.font,
            size=self.size,
            leading=self.leading,
            superscripts=self.superscripts,
            lines=lines,
            space_after=space_after,
        )

    def _draw_word(self, canvas: Canvas, x: float, y: float, word: str) -> None:
        match = ORDINAL.match(self._shown(word)) if self.superscripts else None
        if match is None:
            shown = word if word.endswith(SOFT_HYPHEN) else self._shown(word)
            canvas.setFont(self.font, self.size)
            canvas.drawString(x, y, shown)
            return
        end = {"ᵉʳ": "er", "ʳᵉ": "re", "ᵉ": "e"}.get(match["end"], match["end"])
        canvas.setFont(self.font, self.size)
        canvas.drawString(x, y, match["num"])
        x += stringWidth(match["num"], self.font, self.size)
        canvas.setFont(self.font, self.size * _SUPER_SCALE)
        canvas.drawString(x, y + self.size * 0.38, end)
        x += stringWidth(end, self.font, self.size * _SUPER_SCALE)
        canvas.setFont(self.font, self.size)
        canvas.drawString(x, y, match["post"])

    def draw(self) -> None:
        canvas = self.canv
        space = stringWidth(" ", self.font, self.size)
        lines = self._lines or []
        for index, (words, spread) in enumerate(lines):
            y = (len(lines) - index - 1) * self.leading + (self.leading - self.size) * 0.6
            widths = [self._word_width(word) for word in words]
            # The break's own hyphen is visible, unlike the line's other optional hyphens.
            if words and words[-1].endswith(SOFT_HYPHEN):
                widths[-1] += stringWidth(SOFT_HYPHEN, self.font, self.size)
            gap = space
            if spread and len(words) > 1:
                gap = (self._width - sum(widths)) / (len(words) - 1)
            x = 0.0
            for word, width in zip(words, widths, strict=True):
                self._draw_word(canvas, x, y, word)
                x += width + gap
