"""Document bytes -> plain text: .txt, .md, .html/.htm and .pdf, with typographic noise removed."""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from postes.offers.htmltext import html_to_text
from postes.offers.model import NotAnOffer
from postes.offers.pdf_glyphs import count_pages
from postes.offers.pdf_layout import pdf_to_text

TEXT_SUFFIXES = frozenset((".txt", ".md", ".html", ".htm", ".pdf"))

_NOISE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space, before `:` in French typography
        "\u2007": " ",
        "\u2009": " ",
        "\u200b": "",  # zero-width space
        "\u00ad": "",  # soft hyphen
        "\ufeff": "",  # byte-order mark
        "\ufffe": "",  # pdfium's mark of a line-end hyphen, in text extracted elsewhere
        "\x02": "",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        # Superscript letters of `1ᵉʳ`, `2ᵉ`, `2ᵉᵐᵉ`, `1ʳᵉ`: read as plain letters.
        "\u1d49": "e",
        "\u02b3": "r",
        "\u1d50": "m",
        "\u02e2": "s",
        "\u1d48": "d",
        "\u2011": "-",  # non-breaking hyphen
    }
)
# `adminis-\ntration` -> `administration`, but `Mont-\nDore` -> `Mont-Dore`.
_HYPHEN_BREAK = re.compile(r"(\w)-\n[ \t]*(?=[a-zà-ÿ])")
_COMPOUND_BREAK = re.compile(r"(\w)-\n[ \t]*(?=[A-ZÀ-Ý])")
# Wide gaps separate columns (a logo printed beside the title); keep them as a tab.
_COLUMN_GAP = re.compile(r"(?<=\S)[ \t]{4,}(?=\S)")
_SPACES = re.compile(r"[ ]{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
# Possessive (`*+`): splitting a run of spaces between two `\s*` was quadratic (issue 9).
_MD_SEPARATOR_ROW = re.compile(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(\|\s*+:?-{3,}+:?\s*+)*+\|?\s*+$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
# The title may only end where closing marks could start (after a character that is not a
# space nor `#`, or after a `#` and a space): trying `\s*#*\s*$` after every character
# rescanned the rest of a long `###…` line each time (issue 9).
_MD_HEADING = re.compile(r"^\s*#{1,6}(?:\s*(.*?(?:[^\s#]|#(?=\s))))??\s*+#*+\s*+$")


def normalise_text(text: str) -> str:
    """Remove typographic noise: odd spaces, ligatures, soft and line-break hyphens, `1ᵉʳ`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_NOISE)
    text = _COMPOUND_BREAK.sub(r"\1-", _HYPHEN_BREAK.sub(r"\1", text))
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("|"):
            line = " ".join(line.split())  # a table's padding is not a column gap
        else:
            line = _SPACES.sub(" ", _COLUMN_GAP.sub("\t", line.replace("\t", "    ")))
        lines.append(line)
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# Byte-order marks, UTF-32 first: its little-endian mark starts like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode text by its byte-order mark (Notepad saves UTF-16 with one), else as UTF-8,
    falling back to cp1252 (Windows exports)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def markdown_to_text(text: str) -> str:
    """Drop markdown markup; headings of any level become one `# ` mark, tables stay rows.

    One heading mark survives on purpose: every format reaches parse_offer with headings
    flagged the same way (`htmltext` marks <h1>-<h6> likewise), and it reads them as titles.
    """
    lines = []
    for line in text.split("\n"):
        if _MD_SEPARATOR_ROW.match(line) and "-" in line:
            continue
        line = _MD_EMPHASIS.sub(r"\2", line)
        heading = _MD_HEADING.match(line)
        if heading:
            line = f"# {heading[1]}" if heading[1] else ""
        lines.append(line)
    return "\n".join(lines)


def pdf_page_count(data: bytes) -> int:
    """Count the pages of a PDF."""
    return count_pages(data)


def pdf_text(data: bytes) -> str:
    """The text of a PDF as its reader sees it: lines in reading order, table cells paired."""
    return pdf_to_text(data)


def document_text(data: bytes, filename: str) -> str:
    """Extract the plain text of a document; NotAnOffer when the format is not supported."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".pdf":
        text = pdf_text(data)
    elif suffix in (".html", ".htm"):
        text = html_to_text(decode(data))
    elif suffix == ".md":
        text = markdown_to_text(decode(data))
    elif suffix == ".txt":
        text = decode(data)
    else:
        raise NotAnOffer(f"Format de document non pris en charge : {suffix or 'sans extension'}")
    return normalise_text(text)
