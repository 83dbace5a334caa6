"""Print parsing figures: PDF text extraction per page, and text -> Offer per notice.

Run from the project root: `.venv/bin/python bench/bench_parse.py` (well under a minute).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the PDF writer lives with the tests, in tests/offers

from postes.offers.documents import document_text, pdf_page_count  # noqa: E402
from postes.offers.parse import parse_document, parse_offer  # noqa: E402
from postes.samples import sample_documents  # noqa: E402
from tests.offers.pdf_fixture import make_pdf  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def _per_call(func, repeat: int) -> float:
    """Best-of-three mean seconds per call, to damp scheduler noise."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            func()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def bench_pdf() -> None:
    notice = sample_documents(date(2025, 7, 29))[0][1].decode()
    page = [line for line in notice.splitlines() if line][:45]
    for pages in (1, 10, 50):
        data = make_pdf([page] * pages)
        assert pdf_page_count(data) == pages
        seconds = _per_call(lambda data=data: document_text(data, "bench.pdf"), repeat=5)
        print(
            f"PDF {pages:>3} page(s), {len(data) / 1024:>6.1f} KiB: "
            f"{seconds * 1000:7.2f} ms total, {seconds * 1000 / pages:6.2f} ms/page"
        )


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


if __name__ == "__main__":
    started = time.perf_counter()
    bench_pdf()
    bench_text()
    print(f"bench total: {time.perf_counter() - started:.1f} s")
