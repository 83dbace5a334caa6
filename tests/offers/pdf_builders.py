"""Word-like PDFs for the layout tests, drawn with reportlab: one feature per builder."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_VERA = Path(__import__("reportlab").__file__).parent / "fonts"


def _fonts() -> tuple[str, str]:
    if "TestSans" not in pdfmetrics.getRegisteredFontNames():
        regular, bold = (
            (_DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf")
            if (_DEJAVU / "DejaVuSans.ttf").exists()
            else (_VERA / "Vera.ttf", _VERA / "VeraBd.ttf")
        )
        pdfmetrics.registerFont(TTFont("TestSans", str(regular)))
        pdfmetrics.registerFont(TTFont("TestSans-Bold", str(bold)))
    return "TestSans", "TestSans-Bold"


def styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    return {
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13),
        "justified": ParagraphStyle(
            "justified", fontName=regular, fontSize=10, leading=13, alignment=TA_JUSTIFY
        ),
        "label": ParagraphStyle("label", fontName=bold, fontSize=10, leading=12),
        "title": ParagraphStyle("title", fontName=bold, fontSize=15, leading=19),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10),
    }


def label_table(rows: list[tuple[str, str]], *, ruled: bool = True) -> Table:
    """Labels left, values right, no colon; narrow label column so labels wrap too."""
    style = styles()
    table = Table(
        [[Paragraph(a, style["label"]), Paragraph(b, style["body"])] for a, b in rows],
        colWidths=[110, 340],
    )
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def side_boxes(left: list[str], right: list[str]) -> Table:
    """Two framed boxes side by side, each a heading and its lines."""
    style = styles()

    def box(lines: list[str]) -> list[Flowable]:
        return [Paragraph(lines[0], style["label"])] + [
            Paragraph(x, style["body"]) for x in lines[1:]
        ]

    table = Table([[box(left), box(right)]], colWidths=[225, 225])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (0, 0), 0.8, colors.black),
                ("BOX", (1, 0), (1, 0), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def build(story: list[Flowable], *, header: str | None = None, footer: str | None = None) -> bytes:
    """A4 document; a running header and footer with `Page N` on every page when given."""
    regular, _ = _fonts()
    buffer = io.BytesIO()

    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        if header:
            canvas.drawString(60, 810, header)
        if footer:
            canvas.drawString(60, 30, footer)
            canvas.drawRightString(535, 30, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, topMargin=60, bottomMargin=60, invariant=1)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def paragraph(text: str, kind: str = "body") -> Paragraph:
    return Paragraph(text, styles()[kind])


def spacer(height: float = 8) -> Spacer:
    return Spacer(1, height)


def hyphenated_lines(lines: list[str]) -> bytes:
    """Lines drawn one under the other, as a justified, hyphenated paragraph prints them."""
    regular, _ = _fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont(regular, 10)
    y = 760
    for line in lines:
        canvas.drawString(60, y, line)
        y -= 13
    canvas.save()
    return buffer.getvalue()
