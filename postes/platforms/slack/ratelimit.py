"""At most one chat.postMessage a second per channel, as Slack allows.

Posts to one channel go one at a time, each starting `interval` after the previous one
*finished*: Slack received that one before it answered, so the gap Slack measures is never
shorter than ours, whatever the network's jitter. A busy channel waits alone; other channels
go on. Slack may still answer 429 (other processes, workspace-wide limits); the sender turns
that into `RetryAfter`, and delivery reschedules that row only.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

_PRUNE_AT = 10_000


class ChannelRateLimiter:
    """Space posts to one channel `interval` seconds apart."""

    def __init__(
        self,
        *,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def _prune(self) -> None:
        now = self._clock()
        idle = [key for key, at in self._next.items() if at <= now and not self._locked(key)]
        for key in idle:
            del self._next[key]
            self._locks.pop(key, None)

    def _locked(self, key: str) -> bool:
        lock = self._locks.get(key)
        return lock is not None and lock.locked()

    @asynccontextmanager
    async def turn(self, channel: str) -> AsyncIterator[None]:
        """Hold `channel` for one post: wait for its slot, post inside the block."""
        if len(self._locks) > _PRUNE_AT:
            self._prune()
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            delay = self._next.get(channel, 0.0) - self._clock()
            if delay > 0:
                await self._sleep(delay)
            try:
                yield
            finally:
                self._next[channel] = self._clock() + self._interval
