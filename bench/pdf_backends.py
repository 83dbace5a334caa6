"""pdfplumber as a second source of glyphs and rules for the layout reader, to compare it with
pypdfium2 on the same pages: same reader, only the extraction differs.

pdfplumber (pdfminer.six) is a dev dependency for this comparison only.
"""

from __future__ import annotations

import io

import pdfplumber

from postes.offers.pdf_glyphs import Glyph, PdfPage, Rule


def _glyph(char: dict, height: float) -> Glyph:
    matrix = char.get("matrix") or (1, 0, 0, 1, char["x0"], height - char["bottom"])
    bold = any(word in str(char.get("fontname", "")).lower() for word in ("bold", "black", "heavy"))
    return Glyph(
        char["text"],
        char["x0"],
        char["x1"],
        char["top"],
        char["bottom"],
        height - matrix[5],
        bold,
    )


def _rules(page: pdfplumber.page.Page) -> list[Rule]:
    rules = []
    for edge in page.edges:
        x0, x1, top, bottom = edge["x0"], edge["x1"], edge["top"], edge["bottom"]
        if max(x1 - x0, bottom - top) >= 6 and min(x1 - x0, bottom - top) <= 2.5:
            rules.append(Rule(x0, x1, top, bottom))
    return rules


def plumber_pages(data: bytes) -> list[PdfPage]:
    """Pages read by pdfplumber, as the layout reader takes them."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            PdfPage(
                number,
                float(page.width),
                float(page.height),
                [_glyph(char, float(page.height)) for char in page.chars],
                _rules(page),
            )
            for number, page in enumerate(pdf.pages, start=1)
        ]


def plumber_plain_text(data: bytes) -> str:
    """pdfplumber's own text extraction, with its tables as `|` rows."""
    parts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            outside = page
            for table in tables:
                outside = outside.outside_bbox(table.bbox)
            parts.append(outside.extract_text() or "")
            for table in tables:
                for row in table.extract():
                    cells = [" ".join((cell or "").split()) for cell in row]
                    parts.append("| " + " | ".join(cells) + " |")
    return "\n".join(parts)
