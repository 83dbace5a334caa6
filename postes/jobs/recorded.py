"""Record each scheduled run in the database (`storage.job_runs`): start, success, failure.

Any process can then tell whether the scheduler is alive, wherever it runs. Recording is
best effort: a database too unwell to take the note fails the job anyway, and a note that
could not be written must not turn a good run into a failed one.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.storage.job_runs import record_job_failure, record_job_start, record_job_success

logger = logging.getLogger(__name__)

Job = Callable[..., Awaitable[None]]


def runner_name() -> str:
    """This process, as "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


async def _note(
    sessions: async_sessionmaker, write: Callable[..., Awaitable[None]], **values: Any
) -> None:
    try:
        async with sessions() as session, session.begin():
            await write(session=session, **values)
    except Exception as error:
        logger.warning("job %s: run not recorded: %s", values["name"], error)


def recorded(name: str, job: Job) -> Job:
    """Wrap `job` (called with keyword arguments including `sessions` and `clock`) so that
    each run is recorded under `name`."""

    async def run(*, sessions: async_sessionmaker, clock: Clock, **kwargs: Any) -> None:
        await _note(sessions, record_job_start, name=name, now=clock(), runner=runner_name())
        try:
            await job(sessions=sessions, clock=clock, **kwargs)
        except Exception as error:
            text = f"{error.__class__.__name__}: {error}"
            await _note(sessions, record_job_failure, name=name, now=clock(), error=text)
            raise
        await _note(sessions, record_job_success, name=name, now=clock())

    return run
