"""A send batch's claims kept alive while it is sent, and its one log line."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.storage.outbox import renew_claims

logger = logging.getLogger("postes.jobs.deliver")

_COUNTED = ("sent", "failed", "retried", "deferred", "dropped")


async def _renew(sessions: async_sessionmaker, clock: Clock, token: str, lease: timedelta) -> None:
    while True:
        await asyncio.sleep(lease.total_seconds() / 3)
        async with sessions() as session, session.begin():
            await renew_claims(session=session, token=token, until=clock() + lease)


@asynccontextmanager
async def renewing_claims(
    sessions: async_sessionmaker, clock: Clock, token: str, lease: timedelta
) -> AsyncIterator[None]:
    """Renew `token`'s claims every third of `lease` while the block runs (a slow group at
    20 a minute, a 429 pause): the claims stay short, so a dead sender's expire soon."""
    task = asyncio.create_task(_renew(sessions, clock, token, lease))
    try:
        yield
    finally:
        task.cancel()
        await asyncio.wait([task])  # gone before the rows are released; raises nothing


def log_batch(claimed: int, chats: int, before: Any, after: Any) -> None:
    """One line per send batch, with what became of its rows (reports are DeliveryReports)."""
    counts = {n: getattr(after, n) - getattr(before, n) for n in _COUNTED}
    logger.info(
        "send batch: %d claimed for %d chats; %s",
        claimed,
        chats,
        ", ".join(f"{n} {c}" for n, c in counts.items()),
        # The same counts as fields of their own, for `--log-format json`.
        extra={"event": "send_batch", "claimed": claimed, "chats": chats, **counts},
    )
