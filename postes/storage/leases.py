"""Leases and heartbeats: which process leads each role, and which processes are alive.

A lease is a row (`leases.name`) held by one worker until `expires_at`; its holder renews it,
anyone may take it once it has expired. Taking and renewing are one conditional UPDATE (or
an INSERT … ON CONFLICT DO NOTHING for a lease never held), so two processes never both
believe they hold it: the database serialises the writes on the row.

Times come from the callers' clocks: processes on several machines need synchronised
clocks (NTP), and a leader stops acting a margin before its lease expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import LeaseRow, OutboxRow, WorkerRow


@dataclass(frozen=True, slots=True)
class Leader:
    """Who holds a lease, for status pages and metrics (`expires_at` past: nobody leads)."""

    name: str
    holder: str
    host: str | None
    pid: int | None
    acquired_at: datetime
    renewed_at: datetime
    expires_at: datetime


def _utc(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; every one we store is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _insert(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def take_lease(
    *,
    session: AsyncSession,
    name: str,
    holder: str,
    now: datetime,
    ttl: timedelta,
    force: bool = False,
) -> bool:
    """Take or renew the lease `name` for `holder` until now + ttl; True if it is ours.

    `force` takes it even from a live holder: only for a process that knows by other means
    (a file lock on SQLite) that no other holder can be running.
    """
    until = now + ttl
    ours = LeaseRow.holder == holder
    free = None if force else ours | (LeaseRow.expires_at < now)
    renewed = await session.execute(
        update(LeaseRow)
        .where(LeaseRow.name == name, *([] if free is None else [free]))
        .values(
            holder=holder,
            renewed_at=now,
            expires_at=until,
            # A new holder's tenure starts now; a renewal keeps its start.
            acquired_at=case((ours, LeaseRow.acquired_at), else_=now),
        )
        .execution_options(synchronize_session=False)
    )
    if renewed.rowcount:  # type: ignore[attr-defined]
        return True
    inserted = await session.execute(
        _insert(session)(LeaseRow)
        .values(name=name, holder=holder, acquired_at=now, renewed_at=now, expires_at=until)
        .on_conflict_do_nothing()
        .returning(LeaseRow.name)
    )
    return inserted.first() is not None


async def give_up_lease(*, session: AsyncSession, name: str, holder: str, now: datetime) -> None:
    """End `holder`'s lease now (clean shutdown), so a standby takes over at once."""
    await session.execute(
        update(LeaseRow)
        .where(LeaseRow.name == name, LeaseRow.holder == holder)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )


async def list_leaders(*, session: AsyncSession) -> list[Leader]:
    """Every lease with its holder's host and pid when known, by name."""
    rows = await session.execute(
        select(LeaseRow, WorkerRow)
        .outerjoin(WorkerRow, WorkerRow.id == LeaseRow.holder)
        .order_by(LeaseRow.name)
    )
    return [
        Leader(
            name=lease.name,
            holder=lease.holder,
            host=worker.host if worker else None,
            pid=worker.pid if worker else None,
            acquired_at=_utc(lease.acquired_at),
            renewed_at=_utc(lease.renewed_at),
            expires_at=_utc(lease.expires_at),
        )
        for lease, worker in rows
    ]


async def beat(
    *,
    session: AsyncSession,
    worker_id: str,
    host: str,
    pid: int,
    roles: str,
    now: datetime,
) -> None:
    """Record that the worker is alive now (registering it on its first beat)."""
    statement = _insert(session)(WorkerRow).values(
        id=worker_id, host=host, pid=pid, roles=roles, started_at=now, heartbeat_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[WorkerRow.id], set_={"heartbeat_at": now, "roles": roles}
        )
    )


async def list_workers(*, session: AsyncSession) -> list[WorkerRow]:
    """Every registered worker, most recent heartbeat first."""
    return list(await session.scalars(select(WorkerRow).order_by(WorkerRow.heartbeat_at.desc())))


async def live_worker_roles(
    *, session: AsyncSession, now: datetime, stale_after: timedelta
) -> dict[str, tuple[str, ...]]:
    """The roles of each worker whose heartbeat is at most `stale_after` old, by worker id."""
    rows = await session.execute(
        select(WorkerRow.id, WorkerRow.roles).where(WorkerRow.heartbeat_at >= now - stale_after)
    )
    return {worker: tuple(filter(None, roles.split(","))) for worker, roles in rows}


async def lease_holder(*, session: AsyncSession, name: str, now: datetime) -> str | None:
    """Who holds the lease `name` now, or None when nobody does (never taken, or expired)."""
    return await session.scalar(
        select(LeaseRow.holder).where(LeaseRow.name == name, LeaseRow.expires_at >= now)
    )


async def remove_worker(*, session: AsyncSession, worker_id: str) -> None:
    """Forget a worker that stops cleanly."""
    await session.execute(delete(WorkerRow).where(WorkerRow.id == worker_id))


async def release_claims_of_dead_workers(
    *, session: AsyncSession, now: datetime, stale_after: timedelta
) -> int:
    """Release the outbox claims of workers whose heartbeat is older than `stale_after`.

    Their rows become claimable at once instead of waiting out the claim's lease. Workers
    dead for a day are forgotten.
    """
    stale = select(WorkerRow.id).where(WorkerRow.heartbeat_at < now - stale_after)
    released = await session.execute(
        update(OutboxRow)
        .where(OutboxRow.status == "pending", OutboxRow.claimed_by.in_(stale))
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(WorkerRow).where(WorkerRow.heartbeat_at < now - timedelta(days=1)))
    return int(released.rowcount or 0)  # type: ignore[attr-defined]


async def release_claims_of_others(*, session: AsyncSession, worker_id: str) -> int:
    """Release every claim not held by `worker_id`: for the one sender SQLite allows, which
    knows (from its file lock) that whoever claimed them is gone."""
    released = await session.execute(
        update(OutboxRow)
        .where(
            OutboxRow.status == "pending",
            OutboxRow.claimed_by.is_not(None),
            OutboxRow.claimed_by != worker_id,
        )
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(released.rowcount or 0)  # type: ignore[attr-defined]
