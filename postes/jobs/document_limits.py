"""What one document may cost before it is set aside: its bytes, pages, text and stored body.

Each bound is checked before the step it protects, so that a hostile document is refused
before it costs much: bytes before anything is read, pages before any text is extracted,
the text's length before the parser reads it. A description longer than users will read is
shortened rather than refused: the notice itself is fine. The reasons are French: `postes
status` lists them with the documents set aside.
"""

from __future__ import annotations

from pathlib import PurePath

from postes.config import LimitSettings
from postes.offers.documents import document_text, pdf_page_count
from postes.offers.model import NotAnOffer, Offer
from postes.offers.parse import parse_offer

DEFAULT_LIMITS = LimitSettings()
SHORTENED_NOTE = "[…] (description abrégée : l'avis complet compte {length} caractères)"
_MB = 1024 * 1024


def _count(number: int) -> str:
    return f"{number:,}".replace(",", " ")  # 200 000, as French writes it


def _megabytes(size: int) -> str:
    return f"{size / _MB:.1f}".replace(".", ",").removesuffix(",0") + " Mo"


def too_large(size: int, limits: LimitSettings) -> str | None:
    """Why a document of `size` bytes is refused, if it is (over `limits.document_bytes`)."""
    if size <= limits.document_bytes:
        return None
    return (
        f"Document trop volumineux : {_megabytes(size)} "
        f"({_megabytes(limits.document_bytes)} au plus)"
    )


def check_size(data: bytes, limits: LimitSettings) -> None:
    """Refuse a document larger than `limits.document_bytes`."""
    if reason := too_large(len(data), limits):
        raise NotAnOffer(reason)


def shorten(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, at a line or word boundary, and say so."""
    if len(text) <= limit:
        return text
    note = "\n\n" + SHORTENED_NOTE.format(length=_count(len(text)))
    room = max(0, limit - len(note))
    kept = text[: room + 1]  # one more: a boundary right after the room still counts
    for boundary in ("\n", " "):
        # Only a boundary in the last fifth: cutting earlier would lose too much text.
        at = kept.rfind(boundary)
        if at >= room * 0.8:
            kept = kept[:at]
            break
    else:
        kept = kept[:room]  # one unbroken word: cut it
    return (kept.rstrip() + note)[:limit]


def read_document(data: bytes, filename: str, *, source: str, limits: LimitSettings) -> Offer:
    """Read a document as an offer within `limits`; NotAnOffer says, in French, why not.

    The same steps as `parse_document`, with the bounds in between.
    """
    check_size(data, limits)
    if PurePath(filename).suffix.lower() == ".pdf":
        pages = pdf_page_count(data)
        if pages > limits.pages:
            raise NotAnOffer(f"PDF trop long : {pages} pages ({limits.pages} au plus)")
    text = document_text(data, filename)
    if len(text) > limits.text_chars:
        raise NotAnOffer(
            f"Texte trop long : {_count(len(text))} caractères "
            f"({_count(limits.text_chars)} au plus)"
        )
    offer = parse_offer(text, source=source)
    offer.body = shorten(offer.body, limits.body_chars)
    return offer
