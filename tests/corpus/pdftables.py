"""The tabular parts of a corpus PDF: label tables, tables of posts, letterheads, side boxes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import Table as RLTable

from tests.corpus.blocks import Block, Field, Heading, Table
from tests.corpus.pdfstyle import Style, block_flowable, markup

_GREY = colors.Color(0.35, 0.35, 0.35)
_SHADE = colors.Color(0.92, 0.92, 0.92)


def field_table(fields: Sequence[Field], style: Style, width: float, *, ruled: bool) -> RLTable:
    """`Label : value` lines as two columns, label left (no colon), long values wrapping."""
    label_style = style.paragraph("label", fontName=style.bold, fontSize=style.size - 0.5)
    value_style = style.paragraph("value", fontSize=style.size - 0.5, spaceAfter=0)
    # A narrow label column, as Word templates have: long labels wrap over two lines.
    label_width = 4.2 * cm
    rows = [
        [
            Paragraph(markup(field.label, style), label_style),
            Paragraph(markup(field.value, style), value_style),
        ]
        for field in fields
    ]
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if ruled:
        commands += [
            ("GRID", (0, 0), (-1, -1), 0.6, _GREY),
            ("BACKGROUND", (0, 0), (0, -1), _SHADE),
        ]
    table = RLTable(rows, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(commands)
    table.spaceAfter = 8
    return table


def posts_table(block: Table, style: Style, width: float, *, ruled: bool) -> RLTable:
    """A `|` table as a real table: header row in bold, cells wrapping in their column."""
    columns = max(len(row) for row in block.rows)
    rows = [list(row) + [""] * (columns - len(row)) for row in block.rows]
    lengths = [min(max(len(row[i]) for row in rows), 60) + 6 for i in range(columns)]
    widths = [width * length / sum(lengths) for length in lengths]
    head = style.paragraph("th", fontName=style.bold, fontSize=style.size - 1, spaceAfter=0)
    cell = style.paragraph("td", fontSize=style.size - 1, spaceAfter=0)
    data = [
        [Paragraph(markup(text, style), head if number == 0 else cell) for text in row]
        for number, row in enumerate(rows)
    ]
    commands: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        commands += [
            ("GRID", (0, 0), (-1, -1), 0.6, _GREY),
            ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ]
    else:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.6, _GREY))
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(commands)
    table.spaceBefore = 4
    table.spaceAfter = 8
    return table


def letterhead(lines: Sequence[str], logo: str | None, style: Style, width: float) -> RLTable:
    """Institutional letterhead: small lines top left, the logo's name boxed at the right."""
    small = style.paragraph(
        "letterhead", fontSize=style.size - 2, leading=(style.size - 2) * 1.25, spaceAfter=0
    )
    left = [Paragraph(markup(line, style), small) for line in lines]
    logo_width = 4.6 * cm
    if not logo:
        table = RLTable([[left]], colWidths=[width], hAlign="LEFT")
        table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)])
        return table
    logo_style = style.paragraph(
        "logo",
        fontName=style.bold,
        fontSize=style.size + 3,
        alignment=TA_CENTER,
        leading=(style.size + 3) * 1.2,
    )
    box = RLTable([[Paragraph(markup(logo, style), logo_style)]], colWidths=[logo_width - 0.4 * cm])
    box.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ]
    )
    table = RLTable([[left, box]], colWidths=[width - logo_width, logo_width], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    return table


def _box_content(blocks: Sequence[Block], style: Style) -> list[Flowable]:
    flowables: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Table):
            flowables.append(posts_table(block, style, 7.5 * cm, ruled=False))
        elif isinstance(block, Heading):
            flowables.append(
                Paragraph(
                    markup(block.text, style),
                    style.paragraph("box", fontName=style.bold, spaceAfter=4),
                )
            )
        else:
            # Prose in a narrow box stays ragged: justified text is for the body.
            flowables.append(block_flowable(block, _ragged(style), title=False))
    return flowables


def _ragged(style: Style) -> Style:
    return Style(style.font, style.bold, style.size - 0.5, False, style.superscripts)


def side_by_side(
    left: Sequence[Block], right: Sequence[Block], style: Style, width: float
) -> RLTable:
    """Two sections in two framed boxes side by side, each read top to bottom."""
    table = RLTable(
        [[_box_content(left, style), _box_content(right, style)]],
        colWidths=[width / 2, width / 2],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("BOX", (0, 0), (0, 0), 0.8, colors.black),
            ("BOX", (1, 0), (1, 0), 0.8, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ("RIGHTPADDING", (0, 0), (-1, -1), 7),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
        ]
    )
    table.spaceBefore = 6
    table.spaceAfter = 10
    return table
