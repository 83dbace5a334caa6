"""Fonts and paragraph styles of the corpus PDFs, and the flowable of each text block."""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

from tests.corpus.blocks import Block, Bullet, Field, Heading, Para
from tests.corpus.justify import JustifiedText

if TYPE_CHECKING:
    from tests.corpus import CorpusNotice

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
VERA = Path(reportlab.__file__).parent / "fonts"
# Family -> (regular, bold) font files; DejaVu covers French (œ, ’, «», ᵉʳ), Vera the basics.
_FAMILIES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
}
_ORDINAL_TEXT = re.compile(r"\b(\d{1,2})(ère|ème|eme|er|re|nde|nd|e)\b|(\d{1,2})(ᵉʳ|ʳᵉ|ᵉ)")


@cache
def _register(family: str) -> tuple[str, str]:
    """Register a family's regular and bold fonts once; return their names."""
    regular_file, bold_file = _FAMILIES[family]
    if (DEJAVU / regular_file).is_file():
        files = (DEJAVU / regular_file, DEJAVU / bold_file)
    else:
        files = (VERA / "Vera.ttf", VERA / "VeraBd.ttf")
    regular, bold = f"Corpus-{family}", f"Corpus-{family}-Bold"
    pdfmetrics.registerFont(TTFont(regular, str(files[0])))
    pdfmetrics.registerFont(TTFont(bold, str(files[1])))
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
    )
    return regular, bold


@dataclass(frozen=True)
class Style:
    """The look of one notice: its fonts, body size and whether ordinals are raised."""

    font: str
    bold: str
    size: float
    justified: bool
    superscripts: bool

    def paragraph(self, name: str, **overrides: object) -> ParagraphStyle:
        values: dict[str, object] = {
            "fontName": self.font,
            "fontSize": self.size,
            "leading": self.size * 1.3,
            "spaceAfter": 4,
            "alignment": TA_LEFT,
        }
        values.update(overrides)
        return ParagraphStyle(name, **values)  # type: ignore[arg-type]


def style_for(notice: CorpusNotice) -> Style:
    """A notice's style: serif or sans chosen from its name, so the corpus mixes both."""
    family = "serif" if zlib.crc32(notice.path.stem.encode()) % 3 == 0 else "sans"
    regular, bold = _register(family)
    return Style(
        font=regular,
        bold=bold,
        size=10 if family == "sans" else 10.5,
        justified="justified_hyphenated" in notice.layouts,
        superscripts="superscript_ordinals" in notice.layouts,
    )


def fold_line(text: str) -> str:
    """Compare layout texts with notice lines: no case, accents, punctuation or colon."""
    text = unicodedata.normalize("NFKD", text.replace("\u00ad", ""))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def markup(text: str, style: Style) -> str:
    """Paragraph markup of plain text: escaped, ordinals raised when the layout asks."""
    text = escape(text)
    if not style.superscripts:
        return text
    return _ORDINAL_TEXT.sub(
        lambda m: f"{m[1] or m[3]}<super>{_plain_ending(m[2] or m[4])}</super>", text
    )


def _plain_ending(ending: str) -> str:
    return {"ᵉʳ": "er", "ʳᵉ": "re", "ᵉ": "e"}.get(ending, ending)


def block_flowable(block: Block, style: Style, *, title: bool) -> Flowable:
    """The flowable of a heading, field line, bullet or paragraph."""
    if isinstance(block, Heading):
        if block.level == 1 and title:
            heading_style = style.paragraph(
                "title",
                fontName=style.bold,
                fontSize=style.size + 5,
                alignment=TA_CENTER,
                leading=(style.size + 5) * 1.25,
                spaceBefore=6,
                spaceAfter=10,
            )
        else:
            size = style.size + (2 if block.level <= 2 else 0.5)
            heading_style = style.paragraph(
                f"h{block.level}",
                fontName=style.bold,
                fontSize=size,
                leading=size * 1.3,
                spaceBefore=8,
                spaceAfter=4,
                keepWithNext=1,
            )
        return Paragraph(markup(block.text, style), heading_style)
    if isinstance(block, Field):
        text = f"<b>{markup(block.label, style)} :</b> {markup(block.value, style)}"
        return Paragraph(text, style.paragraph("field", spaceAfter=3))
    if isinstance(block, Bullet):
        marker = re.match(r"^[-•*▪–·◦]\s+", block.text)
        # "1. …" items keep their number in the text; the others get a round bullet.
        text = block.text[marker.end() :] if marker else block.text
        return Paragraph(
            markup(text, style),
            style.paragraph("bullet", leftIndent=16, bulletIndent=4, spaceAfter=2),
            bulletText="•" if marker else None,
        )
    assert isinstance(block, Para)
    if style.justified and len(block.text) > 80:
        return JustifiedText(
            block.text,
            font=style.font,
            size=style.size,
            leading=style.size * 1.3,
            superscripts=style.superscripts,
        )
    return Paragraph(markup(block.text, style), style.paragraph("body", spaceAfter=6))
