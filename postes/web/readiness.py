"""Is this deployment ready to serve? The database answers, its schema is current, and the
scheduler's jobs ran lately (`storage.job_runs`, written by whichever process runs them).

Each check gives one line of the `/readyz` body, in French like the rest of the operator's
tools, so that a failing probe says what to fix.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.jobs.localtime import as_utc
from postes.storage.job_runs import list_job_runs
from postes.storage.models import JobRunRow
from postes.storage.schema_version import current_revisions, expected_revisions

# A job may miss a run or two (a slow poll, a busy database) before it counts as stale.
STALE_MARGIN = timedelta(minutes=2)
# A run in progress counts as alive this long: a long delivery drain is work, not a hang.
RUN_LIMIT = timedelta(minutes=30)
DATABASE_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok' if self.ok else 'ÉCHEC'} {self.name} : {self.detail}"


@dataclass(frozen=True, slots=True)
class Readiness:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def body(self) -> str:
        """What `/readyz` answers: a verdict, then one line per check."""
        head = "prêt" if self.ok else "pas prêt"
        return "\n".join([head, *(check.line() for check in self.checks)]) + "\n"


def stale_after(interval: timedelta) -> timedelta:
    """How long after its last success a job that runs every `interval` is stale."""
    return 2 * interval + STALE_MARGIN


def _seconds(now: datetime, moment: datetime) -> str:
    return f"{max(int((now - moment).total_seconds()), 0)} s"


def job_check(name: str, interval: timedelta, row: JobRunRow | None, now: datetime) -> Check:
    """Fresh: succeeded within `stale_after(interval)`, or running since less than RUN_LIMIT."""
    label = f"tâche {name}"
    every = f"toutes les {int(interval.total_seconds())} s"
    if row is None or row.started_at is None:
        return Check(label, False, f"jamais exécutée (attendue {every})")
    started = as_utc(row.started_at)
    succeeded = as_utc(row.succeeded_at) if row.succeeded_at else None
    failed = as_utc(row.failed_at) if row.failed_at else None
    finished = max((t for t in (succeeded, failed) if t is not None), default=None)
    if finished is None or started > finished:  # a run in progress
        if now - started <= RUN_LIMIT:
            return Check(label, True, f"en cours depuis {_seconds(now, started)}")
        return Check(label, False, f"en cours depuis {_seconds(now, started)}, bloquée ?")
    if succeeded is not None and now - succeeded <= stale_after(interval):
        return Check(label, True, f"réussie il y a {_seconds(now, succeeded)}")
    last = f"dernière réussite il y a {_seconds(now, succeeded)}" if succeeded else "jamais réussie"
    error = f" ; dernière erreur : {row.last_error}" if failed and row.last_error else ""
    return Check(label, False, f"{last} (attendue {every}){error}")


async def check_readiness(
    *,
    sessions: async_sessionmaker,
    clock: Clock,
    jobs: Mapping[str, timedelta],
) -> Readiness:
    """Run the checks; `jobs` maps each scheduled job to how often it runs."""
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS), sessions() as session:
            await session.execute(text("SELECT 1"))
            current = await current_revisions(session=session)
            # The table of runs exists only in a current schema.
            current_schema = current == expected_revisions()
            runs = await list_job_runs(session=session) if current_schema else {}
    except Exception as error:  # whatever the driver raises, the database is not usable
        why = f"{error.__class__.__name__}: {error}".splitlines()[0][:300]
        return Readiness((Check("base de données", False, f"injoignable ({why})"),))
    checks = [Check("base de données", True, "joignable")]
    expected = expected_revisions()
    if current_schema:
        checks.append(Check("migrations", True, f"à jour ({', '.join(sorted(current))})"))
    else:
        at = ", ".join(sorted(current)) or "aucune"
        checks.append(
            Check(
                "migrations",
                False,
                f"base en {at}, code en {', '.join(sorted(expected))} (lancer postes db upgrade)",
            )
        )
        return Readiness(tuple(checks))
    now = clock()
    checks += [job_check(name, every, runs.get(name), now) for name, every in jobs.items()]
    return Readiness(tuple(checks))
