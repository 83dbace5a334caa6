"""Render a corpus notice as the PDF a word processor would export, following its layouts.

The notice's own text is the content (see `blocks.py`); `layouts` say how it is set (label
tables, letterhead, running header and footer, side-by-side boxes, justified hyphenated prose,
tables of posts, raised ordinals) and `pdf` hints hold the layout texts the file may lack.
Output is deterministic: fixed dates and ids (`invariant=1`), no randomness.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer

from tests.corpus.blocks import Block, Field, Heading, Table, html_to_text, parse_blocks
from tests.corpus.pdfstyle import Style, block_flowable, fold_line, style_for
from tests.corpus.pdftables import field_table, letterhead, posts_table, side_by_side

if TYPE_CHECKING:
    from tests.corpus import CorpusNotice

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2 * cm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN


def notice_blocks(notice: CorpusNotice) -> list[Block]:
    """The notice's text as blocks, HTML flattened first."""
    text = notice.path.read_text(encoding="utf-8")
    if notice.path.suffix == ".html":
        text = html_to_text(text)
    return parse_blocks(text)


def _strip_letterhead(blocks: list[Block], lines: list[str]) -> list[Block]:
    """Drop the leading lines the letterhead already prints, so they are not printed twice."""
    wanted = {fold_line(line) for line in lines}
    index = 0
    while index < len(blocks) and index < len(lines) + 2:
        block = blocks[index]
        text = block.text if isinstance(block, Heading) else getattr(block, "text", None)
        if text is None or fold_line(text) not in wanted:
            break
        index += 1
    return blocks[index:]


def _side_box_section(blocks: list[Block], start: int) -> int:
    """Index after the section that begins with the heading at `start`."""
    end = start + 1
    while end < len(blocks) and not isinstance(blocks[end], Heading):
        end += 1
    return end


def build_story(notice: CorpusNotice, style: Style, *, page_break: bool) -> list[Flowable]:
    """The flowables of a notice; with `page_break`, a break before a middle heading."""
    layouts = set(notice.layouts)
    hints = notice.pdf_hints
    blocks = notice_blocks(notice)
    story: list[Flowable] = []
    if "letterhead" in layouts:
        lines = list(hints.get("letterhead", []))
        blocks = _strip_letterhead(blocks, [*lines, hints.get("logo_text", "")])
        story += [letterhead(lines, hints.get("logo_text"), style, BODY_WIDTH), Spacer(1, 10)]
    boxes = [fold_line(name) for name in hints.get("side_boxes", [])]
    heading_positions: list[int] = []
    first_heading = True
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if (
            "side_boxes" in layouts
            and len(boxes) == 2
            and isinstance(block, Heading)
            and fold_line(block.text) == boxes[0]
        ):
            middle = _side_box_section(blocks, index)
            end = _side_box_section(blocks, middle) if middle < len(blocks) else middle
            story.append(side_by_side(blocks[index:middle], blocks[middle:end], style, BODY_WIDTH))
            index = end
            continue
        if isinstance(block, Field) and layouts & {"label_table", "label_table_borderless"}:
            fields: list[Field] = []
            while index < len(blocks) and isinstance(blocks[index], Field):
                fields.append(blocks[index])  # type: ignore[arg-type]
                index += 1
            ruled = "label_table" in layouts
            story.append(field_table(fields, style, BODY_WIDTH, ruled=ruled))
            continue
        if isinstance(block, Table):
            ruled = "posts_table" in layouts
            story.append(posts_table(block, style, BODY_WIDTH, ruled=ruled))
        else:
            if isinstance(block, Heading):
                heading_positions.append(len(story))
            story.append(block_flowable(block, style, title=first_heading))
            # Only a heading before any field or prose is set as the document's title.
            first_heading = first_heading and isinstance(block, Heading) and block.level != 1
        index += 1
    if page_break and heading_positions:
        # A one-page notice takes two: its last section starts the second page.
        story.insert(max(heading_positions[-1], 1), PageBreak())
    return story


def _page_decorator(
    notice: CorpusNotice, style: Style, total: int | None
) -> Callable[[Canvas, Any], None]:
    header = notice.pdf_hints.get("running_header", "")
    footer = notice.pdf_hints.get("running_footer", "")
    # Some documents number pages "Page 2 / 3", others just "2".
    full = len(notice.path.stem) % 3 != 0

    def decorate(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(style.font, 8)
        if header:
            canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 1.2 * cm, header)
            canvas.setLineWidth(0.4)
            canvas.line(
                MARGIN, PAGE_HEIGHT - 1.35 * cm, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 1.35 * cm
            )
        number = str(doc.page) if not full else f"Page {doc.page} / {total or '?'}"
        if footer:
            canvas.line(MARGIN, 1.45 * cm, PAGE_WIDTH - MARGIN, 1.45 * cm)
            canvas.drawString(MARGIN, 1.0 * cm, footer)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 0.6 * cm if footer else 1.0 * cm, number)
        canvas.restoreState()

    return decorate


def _build(
    notice: CorpusNotice, style: Style, *, page_break: bool, total: int | None
) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        invariant=1,
        title="",
        author="",
        creator="",
        producer="",
    )
    story = build_story(notice, style, page_break=page_break)
    if "running_header_footer" in notice.layouts:
        decorate = _page_decorator(notice, style, total)
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    else:
        doc.build(story)
    return buffer.getvalue(), doc.page


def render_notice(notice: CorpusNotice) -> bytes:
    """The notice as PDF bytes."""
    style = style_for(notice)
    if "running_header_footer" not in notice.layouts:
        return _build(notice, style, page_break=False, total=None)[0]
    # Two passes: the first counts the pages for "Page N / M"; a running header is only
    # "running" over two pages or more, so a short notice gets a page break.
    _, pages = _build(notice, style, page_break=False, total=None)
    page_break = pages < 2
    if page_break:
        _, pages = _build(notice, style, page_break=True, total=None)
    return _build(notice, style, page_break=page_break, total=pages)[0]
