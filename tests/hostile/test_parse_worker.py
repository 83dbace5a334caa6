"""The parse worker: reused while healthy, replaced after a time-out, a memory error or a crash.

The readers below stand in for a parser gone wrong; they run in the worker process, which
imports them from this module.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from postes.config import LimitSettings
from postes.jobs.document_limits import read_document
from postes.jobs.parse_worker import ParseWorker, ParseWorkerError
from postes.offers.model import Offer
from tests.jobs.test_ingest import notice
from tests.waiting import until

LIMITS = LimitSettings(parse_seconds=5.0)


def misbehaving_reader(data: bytes, filename: str, *, source: str, limits: LimitSettings) -> Offer:
    """Misbehave as the file's name says; otherwise read it for real."""
    if filename == "slow.txt":
        Path(source).touch()  # tell the test the parse has started
        time.sleep(60)
    elif filename == "hog.txt":
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB: over any limit here
        del hoard
    elif filename == "crash.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return read_document(data, filename, source=source, limits=limits)


@pytest.fixture
def worker() -> Iterator[ParseWorker]:
    worker = ParseWorker(reader=misbehaving_reader)
    yield worker
    worker.close()


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def parse(
    worker: ParseWorker, name: str, limits: LimitSettings = LIMITS, source: Path | None = None
) -> Offer | str:
    return await worker.parse(notice(), name, source=str(source or name), limits=limits)


async def start_slow_parse(worker: ParseWorker, marker: Path) -> asyncio.Task[Offer | str]:
    """A parse that sleeps in the worker, once it has started there."""
    task = asyncio.create_task(parse(worker, "slow.txt", source=marker))
    await until(marker.exists)
    return task


async def test_worker_is_reused_between_documents(worker: ParseWorker) -> None:
    first = await parse(worker, "a.txt")
    pid = worker.pid
    second = await parse(worker, "b.txt")

    assert isinstance(first, Offer)
    assert isinstance(second, Offer)
    assert pid is not None
    assert worker.pid == pid


async def test_slow_parse_times_out_and_the_worker_is_replaced(
    worker: ParseWorker, tmp_path: Path
) -> None:
    await parse(worker, "a.txt")
    slow_pid = worker.pid
    assert slow_pid is not None

    reason = await parse(
        worker, "slow.txt", LimitSettings(parse_seconds=0.5), source=tmp_path / "started"
    )
    after = await parse(worker, "b.txt")

    assert reason == "Analyse interrompue : délai dépassé (0,5 s)"
    assert not is_running(slow_pid)
    assert isinstance(after, Offer)
    assert worker.pid not in (None, slow_pid)


async def test_memory_error_is_the_documents_failure_and_the_next_one_is_read(
    worker: ParseWorker,
) -> None:
    reason = await parse(worker, "hog.txt", LimitSettings(parse_memory_mb=512))
    after = await parse(worker, "b.txt")

    assert reason == "Analyse interrompue : mémoire dépassée (512 Mo)"
    assert isinstance(after, Offer)


async def test_crashed_worker_is_the_documents_failure_and_the_next_one_is_read(
    worker: ParseWorker,
) -> None:
    reason = await parse(worker, "crash.txt")
    after = await parse(worker, "b.txt")

    assert reason == "Analyse interrompue : le processus d'analyse s'est arrêté (signal 9)"
    assert isinstance(after, Offer)


async def test_worker_stopped_from_outside_is_nobodys_fault(
    worker: ParseWorker, tmp_path: Path
) -> None:
    slow = await start_slow_parse(worker, tmp_path / "started")
    pid = worker.pid
    assert pid is not None

    os.kill(pid, signal.SIGTERM)  # as systemd does when it stops the whole service

    with pytest.raises(ParseWorkerError, match="stopped by signal 15"):
        await slow


async def test_cancelled_parse_stops_the_worker_and_the_next_one_starts_afresh(
    worker: ParseWorker, tmp_path: Path
) -> None:
    slow = await start_slow_parse(worker, tmp_path / "started")
    pid = worker.pid
    assert pid is not None

    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    after = await parse(worker, "b.txt")

    assert isinstance(after, Offer)
    assert not is_running(pid)


async def test_concurrent_parses_take_turns_on_one_worker(worker: ParseWorker) -> None:
    results = await asyncio.gather(*(parse(worker, f"{n}.txt") for n in range(4)))

    assert all(isinstance(result, Offer) for result in results)
    assert [result.source for result in results if isinstance(result, Offer)] == [
        f"{n}.txt" for n in range(4)
    ]


async def test_closed_worker_leaves_no_process(worker: ParseWorker) -> None:
    await parse(worker, "a.txt")
    pid = worker.pid
    assert pid is not None

    worker.close()

    assert worker.pid is None
    assert not is_running(pid)


async def test_document_over_the_size_limit_is_refused_without_a_worker(
    worker: ParseWorker,
) -> None:
    reason = await parse(worker, "a.txt", LimitSettings(document_bytes=100))

    assert reason.startswith("Document trop volumineux")
    assert worker.pid is None
