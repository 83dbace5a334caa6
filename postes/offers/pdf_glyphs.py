"""PDF pages -> positioned glyphs and ruling lines, read from pypdfium2's text page.

Only this module knows pypdfium2. Coordinates are in points from the top-left corner of the
page, so that "down the page" means a growing `top`. A glyph's box is pdfium's loose box (the
font's ascent to descent), the same height for every glyph of a font size: lines group on it
far better than on tight boxes, whose height varies from `a` to `É`.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from postes.offers.model import NotAnOffer

# pdfium replaces a hyphen that breaks a word at the end of a line with this code point.
_LINE_HYPHEN = 0x02
_BOLD_WEIGHT = 600
_FORCE_BOLD_FLAG = 0x40000
# Shorter strokes are glyph parts, underlines of a word or bullets, not rules of a table.
_MIN_RULE = 6.0
_THIN = 2.5


@dataclass(slots=True)
class Glyph:
    """One character where it is printed."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    bold: bool
    line_hyphen: bool = False  # a hyphen pdfium found breaking a word at a line's end

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal or vertical stroke: a table's border, a box's side."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


@dataclass(slots=True)
class PdfPage:
    """What a page shows: its glyphs in content order, and its rules."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    rules: list[Rule]


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open a PDF; NotAnOffer with the reason when it is encrypted or broken."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise NotAnOffer("PDF protégé par un mot de passe") from error
        raise NotAnOffer("PDF illisible ou endommagé") from error


def _font_is_bold(textpage: pdfium_c.FPDF_TEXTPAGE, index: int, cache: dict[int, bool]) -> bool:
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    if weight > 0:
        return bool(weight >= _BOLD_WEIGHT)
    # No weight in the font descriptor: ask its name and flags, once per text object.
    handle = pdfium_c.FPDFText_GetTextObject(textpage, index)
    key = ctypes.cast(handle, ctypes.c_void_p).value or 0
    if key not in cache:
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 128, ctypes.byref(flags))
        lowered = name.value.lower()
        cache[key] = bool(flags.value & _FORCE_BOLD_FLAG) or any(
            word in lowered for word in (b"bold", b"black", b"heavy", b"semibold", b"demi")
        )
    return cache[key]


def _glyphs(page: pdfium.PdfPage, height: float) -> list[Glyph]:
    textpage = page.get_textpage()
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    bold_cache: dict[int, bool] = {}
    glyphs: list[Glyph] = []
    try:
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            hyphen = code == _LINE_HYPHEN
            if pdfium_c.FPDFText_IsGenerated(raw, index) or code in (0x0D, 0x0A):
                # pdfium's own spaces and line breaks: keep the word boundary they mark.
                glyphs.append(Glyph(" ", 0, 0, 0, 0, 0, False))
                continue
            if (code < 0x20 and not hyphen) or code in (0xFFFE, 0xFFFF):
                continue
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
            pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
            glyphs.append(
                Glyph(
                    "-" if hyphen else chr(code),
                    box.left,
                    box.right,
                    height - box.top,
                    height - box.bottom,
                    height - y.value,
                    _font_is_bold(raw, index, bold_cache),
                    hyphen,
                )
            )
    finally:
        textpage.close()
    return glyphs


def _path_points(obj: pdfium_c.FPDF_PAGEOBJECT) -> list[list[tuple[float, float]]]:
    """The path's subpaths as lists of points, in page space."""
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    px, py = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    for number in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, number)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, px, py):
            continue
        point = (
            matrix.a * px.value + matrix.c * py.value + matrix.e,
            matrix.b * px.value + matrix.d * py.value + matrix.f,
        )
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            subpaths[-1].append(point)
        else:  # a curve: its chord is no rule, start afresh after it
            subpaths.append([point])
        if pdfium_c.FPDFPathSegment_GetClose(segment) and len(subpaths[-1]) > 2:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _visible(obj: pdfium_c.FPDF_PAGEOBJECT) -> bool:
    """Stroked, or filled with something darker than white (a page background is not)."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return False
    if stroke.value:
        return True
    if not fill_mode.value:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 245


def _rules(page: pdfium.PdfPage, width: float, height: float) -> list[Rule]:
    rules: list[Rule] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH or not _visible(obj):
            continue
        for points in _path_points(obj):
            for (ax, ay), (bx, by) in pairwise(points):
                x0, x1 = sorted((ax, bx))
                top, bottom = sorted((height - ay, height - by))
                long_side = max(x1 - x0, bottom - top)
                if long_side < _MIN_RULE or min(x1 - x0, bottom - top) > _THIN:
                    continue
                if x1 - x0 > 0.95 * width and bottom - top > 0.9 * height:
                    continue  # a frame around the whole page
                rules.append(Rule(x0, x1, top, bottom))
    return rules


def read_pages(data: bytes, *, max_pages: int | None = None) -> list[PdfPage]:
    """Glyphs and rules of each page (the first `max_pages` at most)."""
    pdf = open_pdf(data)
    pages: list[PdfPage] = []
    try:
        for number in range(min(len(pdf), max_pages or len(pdf))):
            page = pdf[number]
            try:
                width, height = page.get_size()
                pages.append(
                    PdfPage(
                        number + 1,
                        width,
                        height,
                        _glyphs(page, height),
                        _rules(page, width, height),
                    )
                )
            finally:
                page.close()
    finally:
        pdf.close()
    return pages


def count_pages(data: bytes) -> int:
    """How many pages a PDF has."""
    pdf = open_pdf(data)
    try:
        return len(pdf)
    finally:
        pdf.close()
