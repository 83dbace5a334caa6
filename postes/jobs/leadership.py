"""Who leads what among the `postes run` processes sharing one database.

Mechanism: a lease row per role in the database (`storage.leases`), renewed every
`BEAT_EVERY` by its holder and free `LEASE_TTL` after its last renewal. Chosen over a
PostgreSQL advisory lock held on a dedicated connection because it works the same on
SQLite and PostgreSQL, through a transaction pooler (PgBouncer shares connections, so a
session lock would be meaningless there), is visible to every process (status, /readyz,
metrics read the same rows), and can be tested with the injectable clock. Its cost is a
takeover delay of at most LEASE_TTL + BEAT_EVERY (10 s) after a leader's death, and the
need for synchronised clocks across machines; a clean stop gives the lease up at once.

A leader acts only until MARGIN before its lease's end as it last wrote it, so a leader
that cannot reach the database stops before anyone may take over: at no moment do two
processes send for one bot token, whose 30 msg/s budget therefore holds.

Every beat also records the worker's heartbeat; the sender leader releases the outbox
claims of workers whose heartbeat is older than STALE_AFTER, so a dead sender's rows are
sent again within seconds instead of waiting out their claim.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.storage.leases import (
    beat,
    give_up_lease,
    release_claims_of_dead_workers,
    release_claims_of_others,
    remove_worker,
    take_lease,
)

logger = logging.getLogger(__name__)

LEASE_TTL = timedelta(seconds=8)
BEAT_EVERY = timedelta(seconds=2)
MARGIN = timedelta(seconds=2)
STALE_AFTER = timedelta(seconds=6)
SCHEDULER = "scheduler"
ROLES = ("updates", "scheduler", "sender")

_current: list[Leadership] = []


def sender_lease(bot_id: int | str) -> str:
    """The lease of the one process that sends for this bot token."""
    return f"sender:{bot_id}"


def updates_lease(bot_id: int | str) -> str:
    """The lease of the one process that long-polls this bot's updates."""
    return f"updates:{bot_id}"


def this_process() -> Leadership | None:
    """The running process's leadership, if `postes run` started one (for health checks)."""
    return _current[-1] if _current else None


class Leadership:
    """The leases this process competes for, and its heartbeat."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker,
        clock: Clock,
        roles: Iterable[str],
        leases: Iterable[str],
        exclusive: Iterable[str] = (),
        ttl: timedelta = LEASE_TTL,
        beat_every: timedelta = BEAT_EVERY,
        stale_after: timedelta = STALE_AFTER,
    ) -> None:
        """`exclusive`: leases this process alone may hold (a SQLite file lock says so): it
        takes them at once, even from a holder that died without giving them up."""
        self.sessions, self.clock = sessions, clock
        self.roles = tuple(roles)
        self.leases = tuple(leases)
        self.exclusive = frozenset(exclusive)
        self.ttl, self.beat_every, self.stale_after = ttl, beat_every, stale_after
        self.worker_id = uuid.uuid4().hex
        self.on_change: list[Callable[[str, bool], None]] = []
        # Called after every beat, failed ones too (the clock still says what we lead).
        self.on_beat: list[Callable[[datetime], Awaitable[None]]] = []
        self._until: dict[str, datetime] = {}
        self._claims_swept = False

    def leads(self, name: str) -> bool:
        """Whether this process leads `name` now (and safely until its lease runs out)."""
        until = self._until.get(name)
        return until is not None and self.clock() < until - MARGIN

    def leading(self, name: str) -> Callable[[], bool]:
        """`leads(name)` as a function to ask later."""
        return lambda: self.leads(name)

    async def beat_once(self) -> None:
        """Heartbeat, then take or renew each lease; tell listeners what changed."""
        now = self.clock()
        try:
            await self._beat(now)
        finally:
            for listener in self.on_beat:
                try:
                    await listener(now)
                except Exception:  # one listener's failure must not stop the heartbeat
                    logger.exception("after-beat listener failed")

    async def _beat(self, now: datetime) -> None:
        async with self.sessions() as session, session.begin():
            await beat(
                session=session,
                worker_id=self.worker_id,
                host=socket.gethostname(),
                pid=os.getpid(),
                roles=",".join(self.roles),
                now=now,
            )
        for name in self.leases:
            before = self.leads(name)
            async with self.sessions() as session, session.begin():
                ours = await take_lease(
                    session=session,
                    name=name,
                    holder=self.worker_id,
                    now=now,
                    ttl=self.ttl,
                    force=name in self.exclusive,
                )
            if ours:
                self._until[name] = now + self.ttl
            else:
                self._until.pop(name, None)
            if before != self.leads(name):
                logger.info("%s %s", "leading" if not before else "no longer leading", name)
                for listener in self.on_change:
                    listener(name, not before)
        senders = [name for name in self.leases if name.startswith("sender:")]
        if any(self.leads(name) for name in senders):
            await self._release_dead_claims(now, alone=bool(self.exclusive.intersection(senders)))

    async def _release_dead_claims(self, now: datetime, *, alone: bool) -> None:
        async with self.sessions() as session, session.begin():
            if alone and not self._claims_swept:
                # The only sender this database allows: every other claim is a dead one's.
                released = await release_claims_of_others(session=session, worker_id=self.worker_id)
                self._claims_swept = True
            else:
                released = await release_claims_of_dead_workers(
                    session=session, now=now, stale_after=self.stale_after
                )
        if released:
            logger.info("released %d outbox rows claimed by workers gone silent", released)

    async def run(self, stop: asyncio.Event) -> None:
        """Beat every `beat_every` until `stop`; a failed beat is logged and retried."""
        _current.append(self)
        try:
            while not stop.is_set():
                try:
                    await self.beat_once()
                except Exception:  # the database may be away for a while: keep trying
                    logger.exception("leadership heartbeat failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.beat_every.total_seconds())
        finally:
            _current.remove(self)

    async def resign(self) -> None:
        """Give up every lease and forget the worker (clean stop): standbys take over now."""
        now = self.clock()
        held = [name for name in self.leases if name in self._until]
        self._until.clear()
        try:
            async with self.sessions() as session, session.begin():
                for name in held:
                    await give_up_lease(session=session, name=name, holder=self.worker_id, now=now)
                await remove_worker(session=session, worker_id=self.worker_id)
        except Exception:  # the leases expire by themselves
            logger.warning("could not give up leases on the way out", exc_info=True)
