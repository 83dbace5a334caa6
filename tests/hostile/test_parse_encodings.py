"""Text notices in the encodings Windows tools save them in are read, not rejected.

Notepad and Word's "Unicode text" write UTF-16 with a byte-order mark (issue 9: such a
`.txt` was rejected as no offer); others write UTF-8 with a mark, or cp1252 without one.
"""

from __future__ import annotations

import pytest

from postes.offers.documents import decode
from postes.offers.parse import parse_document
from tests.jobs.test_ingest import notice

TEXT = notice().decode()
MARKED = [
    ("utf-16", TEXT.encode("utf-16")),  # the machine's byte order, with its mark
    ("utf-16-le", "\ufeff".encode("utf-16-le") + TEXT.encode("utf-16-le")),
    ("utf-16-be", "\ufeff".encode("utf-16-be") + TEXT.encode("utf-16-be")),
    ("utf-8-sig", TEXT.encode("utf-8-sig")),
    ("utf-32", TEXT.encode("utf-32")),
]


@pytest.mark.parametrize(("encoding", "data"), MARKED, ids=[name for name, _ in MARKED])
def test_text_with_a_byte_order_mark_decodes_without_the_mark(encoding: str, data: bytes) -> None:
    assert decode(data) == TEXT


@pytest.mark.parametrize(("encoding", "data"), MARKED, ids=[name for name, _ in MARKED])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_notice_with_a_byte_order_mark_is_read_as_an_offer(
    encoding: str, data: bytes, suffix: str
) -> None:
    offer = parse_document(data, f"avis{suffix}")

    assert offer.reference == "3134-25-0701/SR"
    assert offer.employer == "Province Nord"
    assert offer.workplace == "Koné"


def test_utf16_html_notice_is_read_as_an_offer() -> None:
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in TEXT.split("\n")) + "</body>"

    offer = parse_document(page.encode("utf-16"), "avis.html")

    assert offer.reference == "3134-25-0701/SR"
    assert offer.workplace == "Koné"


def test_unmarked_windows_text_still_falls_back_to_cp1252() -> None:
    offer = parse_document(TEXT.replace("’", "'").encode("cp1252"), "avis.txt")

    assert offer.workplace == "Koné"
    assert offer.employer == "Province Nord"
