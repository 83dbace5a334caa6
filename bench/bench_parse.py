"""Print parsing figures: PDF reading per page (before/after, pypdfium2/pdfplumber), the
accuracy each PDF reader gives on the corpus, and text -> Offer per notice.

Run from the project root: `.venv/bin/python bench/bench_parse.py` (about a minute).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the PDF writers live with the tests

import pypdfium2 as pdfium  # noqa: E402

from bench.pdf_backends import plumber_pages, plumber_plain_text  # noqa: E402
from postes.offers.documents import document_text, normalise_text  # noqa: E402
from postes.offers.parse import parse_document, parse_offer  # noqa: E402
from postes.offers.pdf_layout import layout_text, pdf_to_text  # noqa: E402
from postes.samples import sample_documents  # noqa: E402
from tests.corpus import SETS, load_corpus  # noqa: E402
from tests.corpus.score import score_document, summarise  # noqa: E402
from tests.offers.pdf_fixture import make_pdf  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def pdfium_plain_text(data: bytes) -> str:
    """The reader before this change: pdfium's text of each page, as it comes."""
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


READERS: dict[str, Callable[[bytes], str]] = {
    "pypdfium2 plain text (before)": pdfium_plain_text,
    "pypdfium2 + layout (kept)": pdf_to_text,
    "pdfplumber + same layout": lambda data: layout_text(plumber_pages(data)),
    "pdfplumber text + tables": plumber_plain_text,
}


def _per_call(func: Callable[[], object], repeat: int) -> float:
    """Best-of-three mean seconds per call, to damp scheduler noise."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            func()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def _pages(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def bench_speed() -> None:
    notice = sample_documents(date(2025, 7, 29))[0][1].decode()
    page = [line for line in notice.splitlines() if line][:45]
    corpus = [n.pdf_bytes() for set_name in SETS for n in load_corpus(set_name)]
    corpus_pages = sum(_pages(data) for data in corpus)
    print(f"PDF reading, ms/page (corpus: {len(corpus)} Word-like PDFs, {corpus_pages} pages)")
    print(f"{'reader':32} {'1 page':>8} {'10 pages':>9} {'50 pages':>9} {'corpus':>8}")
    for name, read in READERS.items():
        figures = []
        for pages in (1, 10, 50):
            data = make_pdf([page] * pages)
            repeat = 5 if pages < 50 else 1
            figures.append(
                _per_call(lambda data=data, read=read: read(data), repeat) * 1000 / pages
            )
        total = _per_call(lambda read=read: [read(data) for data in corpus], 1)
        figures.append(total * 1000 / corpus_pages)
        print(f"{name:32} " + " ".join(f"{f:8.2f}" for f in figures))
    print()


def bench_accuracy() -> None:
    print("Fields right on the corpus PDFs, by reader (same parser)")
    print(f"{'reader':32} " + " ".join(f"{s:>9}" for s in SETS) + "  deadlines WRONG")
    for name, read in READERS.items():
        cells, wrong = [], 0
        for set_name in SETS:
            scores = [
                score_document(
                    n.expect,
                    lambda n=n, read=read: parse_offer(
                        normalise_text(read(n.pdf_bytes())), source=n.pdf_name
                    ),
                    notice=n.name,
                    form="pdf",
                )
                for n in load_corpus(set_name)
            ]
            summary = summarise(scores)
            wrong += summary.outcomes["WRONG"]
            cells.append(f"{summary.overall * 100:8.1f}%")
        print(f"{name:32} " + " ".join(cells) + f"  {wrong:>15}")
    print()


def bench_text() -> None:
    documents = sample_documents(date(2025, 7, 29))
    texts = [document_text(data, name) for name, data in documents]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    seconds = _per_call(lambda: [parse_offer(text) for text in texts], repeat=20) / len(texts)
    print(f"parse_offer: {len(texts)} notices, {seconds * 1000:.2f} ms/notice")
    seconds = _per_call(
        lambda: [parse_document(data, name) for name, data in documents], repeat=20
    ) / len(documents)
    print(f"parse_document (txt/md/html samples): {seconds * 1000:.2f} ms/notice")
    one_page = [n.pdf_bytes() for n in load_corpus("dev") if _pages(n.pdf_bytes()) == 1]
    seconds = _per_call(
        lambda: [parse_document(data, "avis.pdf") for data in one_page], repeat=3
    ) / len(one_page)
    print(f"parse_document, one-page Word-like PDF notice: {seconds * 1000:.2f} ms/notice")


if __name__ == "__main__":
    started = time.perf_counter()
    bench_speed()
    bench_accuracy()
    bench_text()
    print(f"bench total: {time.perf_counter() - started:.1f} s")
