"""A PDF notice as a reader sees it, written out as the text every other format gives.

Glyph positions (`pdf_glyphs`) make words and lines (`pdf_lines`); running headers, footers and
page numbers go (`pdf_furniture`); ruled tables and boxes (`pdf_grids`) and unruled columns
(`pdf_columns`) are read cell by cell; wrapped lines become paragraphs again
(`pdf_paragraphs`). The result uses the conventions of the markdown the parser reads:
`# ` before a heading (bold or larger type), `| label | value |` for a table row, and a blank
line between blocks. Boxes side by side come out one after the other.
"""

from __future__ import annotations

from postes.offers.model import NotAnOffer
from postes.offers.pdf_columns import (
    Band,
    build_band,
    columns_of,
    is_label,
    label_rows,
    segment_line,
)
from postes.offers.pdf_furniture import drop_furniture
from postes.offers.pdf_glyphs import PdfPage, read_pages
from postes.offers.pdf_grids import Cell, Grid, find_grids
from postes.offers.pdf_lines import (
    Line,
    lines_of,
    median_gap,
    split_segments,
    typical_size,
    words_of,
)
from postes.offers.pdf_paragraphs import join_paragraphs, paragraphs
from postes.offers.pdf_render import Block, render

_PAD = 3.0  # a cell's inner margin, at the least


def _flow_block(lines: list[Line], left: float, right: float) -> Block:
    return Block(
        lines[0].top, min(line.x0 for line in lines), lines[0].page, paragraphs(lines, right, left)
    )


def _cell_text(lines: list[Line], left: float, right: float) -> str:
    return join_paragraphs(paragraphs(lines, right, left)).replace("|", "/")


def _grid_blocks(grid: Grid, page: int) -> list[Block]:
    rows = [
        [(cell, lines_of(cell.words, page)) for cell in row]
        for row in grid.rows
        if any(cell.words for cell in row)
    ]
    if not rows:
        return []
    single = len(rows) == 1 and not (len(rows[0]) == 2 and is_label(_text(rows[0][0][1])))
    if single or all(len(row) == 1 for row in rows):
        # A box, or boxes side by side: each cell is read as a column of its own.
        return [
            Block(cell.top, cell.x0, page, paragraphs(lines, *_inner(cell, lines)[::-1]))
            for row in rows
            for cell, lines in row
            if lines
        ]
    table = Block(grid.top, grid.x0, page)
    for row in rows:
        table.rows.append([_cell_text(lines, *_inner(cell, lines)) for cell, lines in row])
    return [table]


def _inner(cell: Cell, lines: list[Line]) -> tuple[float, float]:
    """Where a cell's text may run: its inner margin is read off the left side."""
    left = min((line.x0 for line in lines), default=cell.x0 + _PAD)
    return left, cell.x1 - max(_PAD, left - cell.x0)


def _text(lines: list[Line]) -> str:
    return " ".join(line.text for line in lines)


def _band_blocks(band: Band, right: float) -> list[Block]:
    page = band.rows[0][0][1].page
    labelled = label_rows(band)
    if labelled is not None:
        table = Block(band.top, band.starts[0], page)
        for label, values in labelled:
            left = min((line.x0 for line in values), default=right)
            table.rows.append([label.replace("|", "/"), _cell_text(values, left, right)])
        return [table]
    if len(band.starts) >= 3:
        table = Block(band.top, band.starts[0], page)
        previous_bottom = None
        for row in band.rows:
            cells = [""] * len(band.starts)
            for column, line in row:
                cells[column] = f"{cells[column]} {line.text}".strip()
            top = min(line.top for _, line in row)
            spaced = previous_bottom is not None and top - previous_bottom > 0.5 * row[0][1].size
            previous_bottom = max(line.bottom for _, line in row)
            first = next(cell for cell in cells if cell)
            # A cell wrapped onto the next line: no first cell, or text going on in lower case.
            if (
                table.rows
                and not spaced
                and (not cells[0] or first[:1].islower() or first[:1] == "(")
            ):
                table.rows[-1] = [
                    f"{a} {b}".strip() for a, b in zip(table.rows[-1], cells, strict=True)
                ]
            else:
                table.rows.append(cells)
        return [table]
    blocks = []
    boxes = columns_of(band)
    for index, box in enumerate(boxes):
        edge = boxes[index + 1][0].x0 - 4 if index + 1 < len(boxes) else right
        blocks.append(Block(box[0].top, box[0].x0, page, paragraphs(box, edge)))
    return blocks


def _in_band(segments: list[Line], band: list[list[Line]], size: float) -> bool:
    """Whether a line goes on with the band above: a second column, or a wrapped label."""
    if len(segments) >= 2:
        return True
    gutter = min(segs[1].x0 for segs in band if len(segs) >= 2)
    (segment,) = segments
    near = segment.top - band[-1][-1].bottom < 1.5 * size
    return near and (
        segment.x0 >= gutter - 4 or (segment.x1 < gutter and segment.text[:1].islower())
    )


def _free_blocks(
    lines: list[Line], page: PdfPage, grids: list[Grid], left: float, right: float
) -> list[Block]:
    """Blocks of the text outside tables and boxes: flows, bands of columns."""
    size = typical_size(lines) if lines else 12.0
    gap = max(3.2 * median_gap(lines), 1.2 * size)
    segmented = [
        [segment_line(line, words) for words in split_segments(line, page.rules, gap)]
        for line in lines
    ]
    blocks: list[Block] = []
    flow: list[Line] = []

    def close_flow() -> None:
        if flow:
            blocks.append(_flow_block(flow, left, right))
            flow.clear()

    index = 0
    while index < len(segmented):
        segments = segmented[index]
        if flow and any(
            flow[-1].bottom <= edge <= segments[0].top
            for grid in grids
            for edge in (grid.top, grid.bottom)
        ):
            close_flow()  # a table or box starts or ends beside: keep the reading order
        if len(segments) == 1:
            flow.append(segments[0])
            index += 1
            continue
        close_flow()
        end = index + 1
        while end < len(segmented) and _in_band(segmented[end], segmented[index:end], size):
            end += 1
        band = build_band(segmented[index:end]) if end - index >= 2 else None
        if band is None:  # one line cut in pieces: each piece stands alone
            blocks.extend(_flow_block([segment], left, right) for segment in segments)
            index += 1
            continue
        blocks.extend(_band_blocks(band, right))
        index = end
    close_flow()
    return blocks


def _page_blocks(page: PdfPage, lines: list[Line], left: float, right: float) -> list[Block]:
    grids = find_grids(page.rules)
    free: list[Line] = []
    for line in lines:
        outside = []
        for word in line.words:
            grid = next((grid for grid in grids if grid.holds(word)), None)
            if grid is None:
                outside.append(word)
            else:
                grid.place(word)
        if outside:
            free.append(Line(line.page, line.top, line.bottom, outside))
    blocks = _free_blocks(free, page, grids, left, right)
    for grid in grids:
        blocks.extend(_grid_blocks(grid, page.number))
    blocks.sort(key=lambda block: block.top)
    # Boxes side by side start at about the same height: the left one is read first.
    for index in range(len(blocks) - 1):
        a, b = blocks[index], blocks[index + 1]
        if abs(a.top - b.top) < 10 and b.x0 < a.x0 - 10:
            blocks[index], blocks[index + 1] = b, a
    return blocks


def _right_margin(lines: list[Line], width: float) -> float:
    """Where body lines may reach: the edge several lines touch (justified or full lines),
    else the page's width less its left margin, as word processors set them alike."""
    widest = max(line.x1 for line in lines)
    if sum(line.x1 > widest - 3 for line in lines) >= 3:
        return widest
    return max(widest, width - min(line.x0 for line in lines))


def pdf_to_text(data: bytes, *, max_pages: int | None = None) -> str:
    """The text of a PDF notice, laid out as its reader sees it."""
    return layout_text(read_pages(data, max_pages=max_pages))


def layout_text(pages: list[PdfPage]) -> str:
    """The text of pages of glyphs and rules, whatever library read them."""
    page_lines = [lines_of(words_of(page.glyphs), page.number) for page in pages]
    if not any(page_lines):
        raise NotAnOffer("PDF sans texte (scanné ?)")
    page_lines = drop_furniture(page_lines, [page.height for page in pages])
    every_line = [line for lines in page_lines for line in lines]
    body_size = typical_size(every_line)
    body_lines = [line for line in every_line if abs(line.size - body_size) < 0.2 * body_size]
    right = _right_margin(body_lines or every_line, pages[0].width)
    left = min(line.x0 for line in body_lines or every_line)
    blocks: list[Block] = []
    for page, lines in zip(pages, page_lines, strict=True):
        blocks.extend(_page_blocks(page, lines, left, right))
    return render(blocks, body_size)
