"""Worst parse times on hostile input: every pattern of `postes.offers`, then whole notices.

    .venv/bin/python bench/bench_hostile_parse.py [--before-length 10000]

Runs the hostile suite of `tests/hostile` and prints its worst figures: per pattern (each
pattern on 50 000-character runs of every kind of character), per document (a notice with
one long hostile line, in each text form; a 5 MB one, raw and within the limits). The
patterns fixed for issue 9 are also timed as they were, on shorter runs since they were
quadratic, with the ratio to the patterns as they are; and so is a whole notice.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the hostile inputs live with the tests, in tests/hostile

from postes.jobs.document_limits import DEFAULT_LIMITS, read_document  # noqa: E402
from postes.jobs.parse_worker import ParseWorker  # noqa: E402
from postes.offers import corps, documents, fields  # noqa: E402
from postes.offers.model import NotAnOffer  # noqa: E402
from postes.offers.parse import parse_document  # noqa: E402
from tests.hostile.test_parse_documents import CASES, _document  # noqa: E402
from tests.hostile.test_regex_linear import (  # noqa: E402
    LENGTH,
    UsedPattern,
    hostile_texts,
    offers_patterns,
    run_once,
)

# The patterns as they were before issue 9, with the run that hurt each most.
BEFORE: list[tuple[str, re.Pattern[str], str, str]] = [
    ("fields._EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "finditer", "x"),
    (
        "corps._SEPARATOR",
        re.compile(r"(\s*/\s*|\s*;\s*|\s*,\s*|\s+ou\s+|\s+et\s+)", re.IGNORECASE),
        "split",
        " ",
    ),
    (
        "documents._MD_SEPARATOR_ROW",
        re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$"),
        "match",
        " ",
    ),
    ("documents._MD_HEADING", re.compile(r"^\s*#{1,6}\s*(.*?)\s*#*\s*$"), "match", "#"),
    ("labels.field_of", re.compile(r"( \d)+$"), "sub", " 1"),
]
AFTER = {
    "fields._EMAIL": fields._EMAIL,
    "corps._SEPARATOR": corps._SEPARATOR,
    "documents._MD_SEPARATOR_ROW": documents._MD_SEPARATOR_ROW,
    "documents._MD_HEADING": documents._MD_HEADING,
    "labels.field_of": re.compile(r"(?<! \d)( \d)+$"),
}


def _seconds(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    with contextlib.suppress(NotAnOffer):  # set aside is a result too
        call()
    return time.perf_counter() - start


def bench_patterns() -> None:
    worst: list[tuple[float, str, str]] = []
    patterns = offers_patterns()
    started = time.perf_counter()
    for used in patterns:
        worst.append(
            max(
                (run_once(used, operation, text), used.where, f"{operation}({label})")
                for label, text in hostile_texts()
                for operation in used.operations
            )
        )
    worst.sort(reverse=True)
    print(
        f"{len(patterns)} patterns × {len(list(hostile_texts(1)))} hostile texts of "
        f"{LENGTH:,} characters, in {time.perf_counter() - started:.1f} s; slowest patterns:"
    )
    for seconds, where, call in worst[:8]:
        print(f"  {seconds * 1000:8.1f} ms  {where:<40} {call}")


def bench_before(length: int) -> None:
    print(f"\nPatterns fixed for issue 9, on {length:,} characters (before → now):")
    for where, old, operation, unit in BEFORE:
        text = (unit * length)[:length] + "!"
        before = run_once(UsedPattern(where, old, (operation,)), operation, text)
        after = run_once(UsedPattern(where, AFTER[where], (operation,)), operation, text)
        print(
            f"  {where:<28} {operation}({unit!r}×n+'!'): {before:8.3f} s → {after * 1000:6.2f} ms"
            f"  (×{before / after:,.0f})"
        )


def bench_documents(before_length: int) -> None:
    worst = max(
        (_seconds(lambda data=data, s=suffix: parse_document(data, f"avis{s}")), unit, p, suffix)
        for unit, p, suffix in CASES
        if (data := _document(suffix, p + (unit * LENGTH)[:LENGTH]))
    )
    print(f"\n{len(CASES)} notices with one hostile line of {LENGTH:,} characters:")
    print(f"  slowest: {worst[0] * 1000:.1f} ms ({worst[1]!r} after {worst[2]!r}, {worst[3]})")
    data = _document(".txt", "x" * before_length)
    now = _seconds(lambda: parse_document(data, "avis.txt"))
    fields._EMAIL = BEFORE[0][1]  # the e-mail pattern as it was: all an `x` line meets
    try:
        before = _seconds(lambda: parse_document(data, "avis.txt"))
    finally:
        fields._EMAIL = AFTER["fields._EMAIL"]
    print(
        f"  a notice and {before_length:,} × 'x' (.txt): before {before:.2f} s, "
        f"now {now * 1000:.1f} ms (×{before / now:,.0f})"
    )
    for suffix in (".txt", ".md", ".html"):
        data = _document(suffix, "x" * 5_000_000)
        raw = _seconds(lambda data=data, s=suffix: parse_document(data, f"avis{s}"))
        limited = _seconds(
            lambda data=data, s=suffix: read_document(
                data, f"avis{s}", source="bench", limits=DEFAULT_LIMITS
            )
        )
        print(
            f"  a notice and 5 MB × 'x' ({suffix}): parser alone {raw:.2f} s, "
            f"set aside by the text limit in {limited:.2f} s"
        )


async def bench_worker() -> None:
    worker = ParseWorker()
    notice = _document(".txt", "")
    hostile = _document(".html", "x" * 5_000_000)
    try:
        started = time.perf_counter()
        await worker.parse(notice, "avis.txt", source="bench", limits=DEFAULT_LIMITS)
        first = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(20):
            await worker.parse(notice, "avis.txt", source="bench", limits=DEFAULT_LIMITS)
        warm = (time.perf_counter() - started) / 20
        started = time.perf_counter()
        reason = await worker.parse(hostile, "avis.html", source="bench", limits=DEFAULT_LIMITS)
        aside = time.perf_counter() - started
    finally:
        worker.close()
    print("\nIn the parse worker (default limits):")
    print(f"  first notice (starts the worker): {first * 1000:.0f} ms")
    print(f"  next notices (warm worker): {warm * 1000:.1f} ms each")
    print(f"  a notice and 5 MB × 'x' (.html): {aside:.2f} s → {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-length", type=int, default=10_000)
    args = parser.parse_args()
    started = time.perf_counter()
    bench_patterns()
    bench_before(args.before_length)
    bench_documents(args.before_length)
    asyncio.run(bench_worker())
    print(f"\nbench total: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
