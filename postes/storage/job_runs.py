"""What the scheduler's jobs last did: started, succeeded, failed (table `job_runs`).

One row per job name, written by whichever process runs the job, read by every process:
`/readyz` says whether the jobs are alive, `/metrics` how long since each one succeeded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import JobRunRow

_ERROR_CHARS = 500  # a traceback's last line is enough; the log has the rest


async def _upsert(session: AsyncSession, name: str, values: dict[str, Any]) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(JobRunRow).values(name=name, **values)
    await session.execute(
        statement.on_conflict_do_update(index_elements=[JobRunRow.name], set_=values)
    )


async def record_job_start(*, session: AsyncSession, name: str, now: datetime, runner: str) -> None:
    """Note that a run of `name` started now, on `runner` ("host:pid")."""
    await _upsert(session, name, {"started_at": now, "runner": runner})


async def record_job_success(*, session: AsyncSession, name: str, now: datetime) -> None:
    """Note that the run of `name` ended well."""
    await _upsert(session, name, {"succeeded_at": now})


async def record_job_failure(
    *, session: AsyncSession, name: str, now: datetime, error: str
) -> None:
    """Note that the run of `name` failed, and why."""
    await _upsert(session, name, {"failed_at": now, "last_error": error[:_ERROR_CHARS]})


async def list_job_runs(*, session: AsyncSession) -> dict[str, JobRunRow]:
    """Every job's row, by name."""
    rows = await session.scalars(select(JobRunRow))
    return {row.name: row for row in rows}
