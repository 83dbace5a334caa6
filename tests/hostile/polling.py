"""One poll with small limits and short deadlines, so hostile tests stay fast; waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import LimitSettings, SourceSettings
from postes.jobs.download import FetchOptions
from postes.jobs.localtime import NOUMEA
from postes.jobs.netguard import Resolver
from postes.jobs.poll import PollReport, run_poll
from postes.jobs.status import collect_status, format_status

LIMIT = 64 * 1024  # bytes, downloads and folder files alike


async def no_sleep(_: float) -> None:
    """Retries back off on virtual time: the test never waits."""


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> None:
    """Wait until `check()` holds; fail after a generous `seconds`."""
    for _ in range(int(seconds * 20)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"condition not met within {seconds} s")


async def poll(
    sessions: async_sessionmaker,
    clock: FakeClock,
    *sources: SourceSettings,
    deadline: float = 5.0,
    limit: int = LIMIT,
    resolver: Resolver | None = None,
) -> PollReport:
    """Poll `sources` once, with retries on virtual time and files read without settling."""
    return await run_poll(
        sessions=sessions,
        sources=sources,
        clock=clock,
        zone=NOUMEA,
        limits=LimitSettings(download_bytes=limit, document_bytes=limit),
        fetch=FetchOptions(deadline=deadline),
        resolver=resolver,
        sleep=no_sleep,
        settle=timedelta(0),
    )


async def status_text(sessions: async_sessionmaker) -> str:
    """What `postes status` prints."""
    return format_status(await collect_status(sessions=sessions))
