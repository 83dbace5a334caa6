"""A notice's text as the blocks a word processor holds: headings, fields, bullets, tables.

The PDF generator lays out these blocks, so the PDF carries the same words as the text file.
`.html` notices are first flattened to the same line conventions as `.txt`/`.md` ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: "# " title; 2: "## " or an all-caps line; 3: a "Missions :" line


@dataclass(frozen=True)
class Field:
    label: str  # as written, without the colon
    value: str


@dataclass(frozen=True)
class Bullet:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # the first row is the header row


@dataclass(frozen=True)
class Para:
    text: str


Block = Heading | Field | Bullet | Table | Para

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^(?:[-•*▪–·◦]|\d{1,2}[.)])\s+")
# "Label : value" or "Label<TAB>value"; a label is a short phrase starting with a capital.
_FIELD = re.compile(r"^(?P<label>[A-ZÀ-ÖØ-Ý][^:\t]{1,60}?)\s*(?::|\t+)\s*(?P<value>\S.*)$")
_SHORT_HEADING = re.compile(r"^[A-ZÀ-ÖØ-Ý][^\d.;,:!?]{2,38}$")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
# A wrapped line of prose is this long; a shorter line ends its paragraph (letterheads,
# signatures, addresses are short lines that must stay apart).
_WRAP_WIDTH = 60


def _is_caps(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 6 and sum(char.isupper() for char in letters) >= 0.8 * len(letters)


def _field(line: str) -> Field | None:
    match = _FIELD.match(line)
    if not match:
        return None
    label = match["label"].strip()
    if len(label.split()) > 9 or label.endswith((".", ",")):
        return None
    return Field(label, match["value"].strip())


def _table_row(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def parse_blocks(text: str) -> list[Block]:
    """Split a notice's text into blocks, in reading order."""
    blocks: list[Block] = []
    para: list[str] = []
    rows: list[tuple[str, ...]] = []

    def flush() -> None:
        if para:
            blocks.append(Para(" ".join(para)))
            para.clear()
        if rows:
            blocks.append(Table(tuple(rows)))
            rows.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("|") and rows:
            flush()
        if not line:
            flush()
        elif line.startswith("|"):
            if para:
                flush()
            if not _TABLE_RULE.match(line):
                rows.append(_table_row(line))
        elif heading := _HEADING.match(line):
            flush()
            blocks.append(Heading(heading[2].strip(), min(len(heading[1]), 2)))
        elif _BULLET.match(line):
            flush()
            blocks.append(Bullet(line))
        elif (found := _field(line)) is not None:
            flush()
            blocks.append(found)
        elif line.endswith(":") and len(line) < 80:
            flush()
            blocks.append(Heading(line, 3))
        elif _is_caps(line) and len(line) < 120:
            flush()
            blocks.append(Heading(line, 2))
        elif _SHORT_HEADING.match(line) and len(line.split()) <= 4:
            # "Missions", "Modalités de candidature": a section title typed as a plain line.
            flush()
            blocks.append(Heading(line, 3))
        else:
            if para and len(para[-1]) < _WRAP_WIDTH:
                flush()
            para.append(line)
    flush()
    return blocks


class _HtmlLines(HTMLParser):
    """Flatten HTML into the text conventions: `# ` headings, `- ` items, `|` table rows."""

    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "table", "section", "header", "footer", "dl"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.row: list[str] | None = None
        self.row_has_th = False
        self.cell: list[str] | None = None
        self.skip = 0

    def _end_line(self) -> None:
        text = " ".join("".join(self.current).split())
        if text.strip("#- "):
            # A blank line after each HTML block keeps paragraphs apart, as <p> does.
            self.lines += [text, ""]
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag == "tr":
            self._end_line()
            self.row, self.row_has_th = [], False
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.row_has_th |= tag == "th"
        elif re.fullmatch(r"h[1-6]", tag):
            self._end_line()
            self.current.append("# " if tag == "h1" else "## ")
        elif tag in ("li", "dt", "dd") or tag in self._BLOCKS:
            self._end_line()
            if tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self._emit_row(self.row, self.row_has_th)
            self.row = None
        elif re.fullmatch(r"h[1-6]", tag) or tag in self._BLOCKS or tag in ("dt", "dd"):
            self._end_line()

    def _emit_row(self, cells: list[str], header: bool) -> None:
        if len(cells) == 2 and not header and cells[0] and len(cells[0]) <= 60:
            # A two-column table without a header is a form of labelled fields.
            self.lines.append(f"{cells[0].rstrip(' :')} : {cells[1]}")
        elif len(cells) == 1:
            self.lines.append(cells[0])
        else:
            self.lines.append("| " + " | ".join(cells) + " |")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None:
            self.current.append(data)


def html_to_text(html: str) -> str:
    """The lines a reader sees in an HTML notice, in the `.txt` conventions."""
    parser = _HtmlLines()
    parser.feed(html)
    parser.close()
    parser._end_line()
    return "\n".join(parser.lines)
