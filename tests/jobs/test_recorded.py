"""Each scheduled run is recorded: its start, then its success or its failure and why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.localtime import NOUMEA, as_utc
from postes.jobs.recorded import recorded, runner_name
from postes.jobs.status import collect_status, format_status
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


async def test_a_run_that_cannot_be_recorded_still_runs(clock: FakeClock) -> None:
    # Nothing listens on port 9 here: every connection is refused.
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:9/none")
    done: list[bool] = []

    async def job(**kwargs: object) -> None:
        done.append(True)

    try:
        await recorded("deliver", job)(sessions=create_sessions(engine), clock=clock)
    finally:
        await engine.dispose()

    assert done == [True]


async def test_status_says_when_each_job_last_succeeded_and_why_it_fails_now(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    async def works(**kwargs: object) -> None:
        pass

    async def breaks(**kwargs: object) -> None:
        raise RuntimeError("disque <plein>\x1b[31m")

    await recorded("deliver", works)(sessions=sessions, clock=clock)
    await recorded("poll-sources", works)(sessions=sessions, clock=clock)
    clock.advance(timedelta(minutes=3))
    with pytest.raises(RuntimeError):
        await recorded("poll-sources", breaks)(sessions=sessions, clock=clock)

    text = format_status(await collect_status(sessions=sessions), NOUMEA)

    jobs = text.split("Tâches planifiées :\n", 1)[1].splitlines()
    assert jobs[0] == f"  deliver : dernière réussite 14/07/2025 09:00 ({runner_name()})"
    assert jobs[1].startswith("  poll-sources : dernière réussite 14/07/2025 09:00 (")
    assert jobs[1].endswith(
        ", en échec depuis 14/07/2025 09:03 : RuntimeError: disque <plein>\\x1b[31m"
    )
