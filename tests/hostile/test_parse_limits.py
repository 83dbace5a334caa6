"""Each limit on a document is checked before the step it protects, with a French reason."""

from __future__ import annotations

import pytest

from postes.config import LimitSettings
from postes.jobs.document_limits import SHORTENED_NOTE, read_document, shorten
from postes.offers.model import NotAnOffer
from tests.jobs.test_ingest import notice
from tests.offers.pdf_fixture import make_pdf

NOTICE_LINES = [line for line in notice().decode().split("\n") if line]


def read(data: bytes, filename: str, **limits: int) -> object:
    return read_document(data, filename, source=filename, limits=LimitSettings(**limits))


def test_document_over_the_byte_limit_is_refused() -> None:
    with pytest.raises(NotAnOffer, match=r"^Document trop volumineux : 1,5 Mo \(1 Mo au plus\)$"):
        read(b"x" * (3 * 512 * 1024), "avis.txt", document_bytes=1024 * 1024)


def test_pdf_over_the_page_limit_is_refused_by_its_page_count() -> None:
    pdf = make_pdf([NOTICE_LINES] * 3)

    with pytest.raises(NotAnOffer, match=r"^PDF trop long : 3 pages \(2 au plus\)$"):
        read(pdf, "avis.pdf", pages=2)


def test_pdf_within_the_page_limit_is_read() -> None:
    offer = read(make_pdf([NOTICE_LINES, ["Suite de la description."]]), "avis.pdf", pages=2)

    assert getattr(offer, "reference", None) == "3134-25-0701/SR"


def test_text_over_the_character_limit_is_refused() -> None:
    data = notice() + b"\n" + b"Une phrase de plus.\n" * 1000

    with pytest.raises(
        NotAnOffer, match=r"^Texte trop long : 20 [0-9 ]+ caractères \(1 000 au plus\)$"
    ):
        read(data, "avis.txt", text_chars=1000)


def test_long_description_is_stored_shortened_with_a_note() -> None:
    paragraph = "La direction des finances prépare et exécute le budget de la province.\n"
    data = notice() + paragraph.encode() * 500

    offer = read(data, "avis.txt", body_chars=5000)

    body = getattr(offer, "body", "")
    kept, note = body.rsplit("\n\n", 1)
    assert len(body) <= 5000
    assert note.startswith("[…] (description abrégée : l'avis complet compte 35 ")
    assert kept.endswith("province.")  # cut at the end of a line
    assert len(kept) > 4000


def test_short_text_is_not_shortened() -> None:
    assert shorten("Deux mots.", 10) == "Deux mots."


def test_shortened_text_is_cut_after_a_whole_word() -> None:
    text = "mot " * 100

    shortened = shorten(text, 200)

    kept = shortened.split("\n\n")[0]
    assert len(shortened) <= 200
    assert text.startswith(kept)
    assert text[len(kept)] == " "  # the word before the cut is whole


def test_one_unbroken_word_is_cut_at_the_limit() -> None:
    shortened = shorten("x" * 10_000, 1000)

    assert len(shortened) == 1000
    assert shortened.endswith(SHORTENED_NOTE.format(length="10 000"))
