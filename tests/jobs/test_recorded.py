"""Each scheduled run is recorded: its start, then its success or its failure and why."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.localtime import as_utc
from postes.jobs.recorded import recorded, runner_name
from postes.storage.db import create_engine, create_sessions
from postes.storage.job_runs import list_job_runs


async def runs(sessions: async_sessionmaker) -> dict:
    async with sessions() as session:
        return await list_job_runs(session=session)


async def test_a_good_run_is_recorded_from_start_to_success(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    seen: list[dict] = []

    async def job(**kwargs: object) -> None:
        seen.append(dict(await runs(sessions)))
        clock.advance(timedelta(seconds=3))

    start = clock()
    await recorded("deliver", job)(sessions=sessions, clock=clock, settings=None)

    during = seen[0]["deliver"]
    assert as_utc(during.started_at) == start
    assert during.succeeded_at is None  # still running while the job works
    row = (await runs(sessions))["deliver"]
    assert as_utc(row.succeeded_at) == start + timedelta(seconds=3)
    assert row.failed_at is None
    assert row.runner == runner_name()


async def test_a_failed_run_is_recorded_with_its_error_and_still_raises(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    async def job(**kwargs: object) -> None:
        raise RuntimeError("source down")

    with pytest.raises(RuntimeError, match="source down"):
        await recorded("poll-sources", job)(sessions=sessions, clock=clock)

    row = (await runs(sessions))["poll-sources"]
    assert as_utc(row.failed_at) == clock()
    assert row.succeeded_at is None
    assert row.last_error == "RuntimeError: source down"


async def test_a_run_that_cannot_be_recorded_still_runs(tmp_path: Path, clock: FakeClock) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/no/such/dir.db")
    done: list[bool] = []

    async def job(**kwargs: object) -> None:
        done.append(True)

    try:
        await recorded("deliver", job)(sessions=create_sessions(engine), clock=clock)
    finally:
        await engine.dispose()

    assert done == [True]
