"""Blocks of a PDF in reading order -> the text the parser reads: `# ` before a heading (bold
or larger type), `| cell | cell |` for a table row, blank lines between blocks, and a paragraph
that goes on over a page break joined again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from postes.offers.pdf_paragraphs import Paragraph

_HEADING_WORDS = 25


@dataclass(slots=True)
class Block:
    """A unit of reading order: paragraphs of one column, or rows of a table."""

    top: float
    x0: float
    page: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def render(blocks: list[Block], body_size: float) -> str:
    out: list[str] = []
    last: Paragraph | None = None
    last_page = 0
    for block in blocks:
        if block.rows:
            out.append("")
            out.extend("| " + " | ".join(row) + " |" for row in block.rows)
            out.append("")
            last = None
            continue
        for number, para in enumerate(block.paragraphs):
            words = para.text.split()
            heading = (para.bold or para.size > 1.2 * body_size) and len(words) <= _HEADING_WORDS
            if (
                number == 0
                and last is not None
                and block.page > last_page
                and last.open_end
                and para.text[:1].islower()
            ):
                out[-1] += " " + para.text  # a paragraph going on over the page break
                continue
            if number == 0 or para.spaced or heading:
                out.append("")
            out.append(("# " if heading else "") + para.text)
            last = para
        last_page = block.page
    return "\n".join(out).strip()
