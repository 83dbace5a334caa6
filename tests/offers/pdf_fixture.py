"""A minimal PDF writer for tests and the bench: text pages in Helvetica, WinAnsiEncoding.

WinAnsiEncoding is cp1252, so French accents survive the round trip through pdfium. One line
of text per `Tj`, top to bottom, as a word processor's export would lay them out.
"""

from __future__ import annotations

_PAGE_HEIGHT = 842  # A4 in points
_LEADING = 14


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(lines: list[str]) -> bytes:
    parts = [b"BT /F1 11 Tf"]
    y = _PAGE_HEIGHT - 60
    for line in lines:
        parts.append(b"1 0 0 1 50 %d Tm " % y + _pdf_string(line) + b" Tj")
        y -= _LEADING
    parts.append(b"ET")
    return b"\n".join(parts) if lines else b""


def make_pdf(pages: list[list[str]]) -> bytes:
    """Build a PDF whose pages show the given lines; an empty list of lines is a blank page."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled once the page numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        content = _content(lines)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_number = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 %d] " % _PAGE_HEIGHT
            + b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_number
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
