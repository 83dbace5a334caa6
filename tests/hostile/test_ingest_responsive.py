"""While a hostile document is parsed, the event loop runs on; after the limit it is set aside.

Issue 9: a parse in a thread held the GIL inside `re`, so replies, polling and SIGTERM all
waited for it; and since the document was never recorded, every restart froze again.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import LimitSettings, SourceSettings
from postes.jobs.ingest import ingest_documents
from postes.jobs.localtime import NOUMEA
from postes.jobs.poll import run_poll
from postes.storage.documents import list_rejected_documents
from tests.jobs.test_ingest import notice

# A real notice, then 5 MB of one letter, as a web page: the parser needs several seconds.
HOSTILE = b"<html><body><pre>" + notice() + b"</pre><p>" + b"x" * 5_000_000 + b"</p></body>"
# The text limit would refuse it at once: raise it, so that only the time limit is left.
PATIENT = LimitSettings(text_chars=10_000_000, parse_seconds=2.0)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the loop, not the database
async def test_event_loop_keeps_ticking_while_a_hostile_document_times_out(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(ticker())
    outcomes = await ingest_documents(
        sessions=sessions,
        documents=[("hostile.html", HOSTILE), ("avis.txt", notice())],
        source="test",
        clock=clock,
        limits=PATIENT,
    )
    ticking.cancel()

    assert [(o.status, o.reason) for o in outcomes] == [
        ("rejected", "Analyse interrompue : délai dépassé (2 s)"),
        ("stored", None),  # a fresh worker reads the next document
    ]
    # Blocked, the loop would have missed ticks for the whole 2 s; a generous bound.
    longest_gap = max(later - earlier for earlier, later in pairwise(ticks))
    assert longest_gap < 0.5, f"the event loop stalled for {longest_gap:.2f} s"


async def test_document_that_timed_out_is_not_parsed_again_after_a_restart(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    (tmp_path / "hostile.html").write_bytes(HOSTILE)
    source = SourceSettings("folder", str(tmp_path))
    hasty = LimitSettings(text_chars=10_000_000, parse_seconds=0.2)

    async def poll() -> list[tuple[str, str | None]]:
        report = await run_poll(
            sessions=sessions,
            sources=[source],
            clock=clock,
            zone=NOUMEA,
            settle=timedelta(0),
            limits=hasty,
        )
        return [(Path(o.uri).name, o.reason) for o in report.outcomes]

    first = await poll()
    again = await poll()  # as after a restart: only the database remembers

    assert first == [("hostile.html", "Analyse interrompue : délai dépassé (0,2 s)")]
    assert again == []
    async with sessions() as session:
        [rejected] = await list_rejected_documents(session=session)
    assert rejected.content_hash == hashlib.sha256(HOSTILE).hexdigest()
