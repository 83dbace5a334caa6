"""At most one chat.postMessage a second per channel, as Slack allows.

Each send reserves its channel's next slot and waits for it alone: a busy channel never
holds up the others. Slack may still answer 429 (bursts across processes, workspace-wide
limits); the sender turns that into `RetryAfter`, and delivery reschedules that row only.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

_MARGIN = 1e-3  # float sums must not squeeze two posts into one second
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
        self._interval = interval + _MARGIN if interval > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}

    async def turn(self, channel: str) -> None:
        """Wait until `channel` may be posted to, and take that slot."""
        now = self._clock()
        if len(self._next) > _PRUNE_AT:
            self._next = {key: at for key, at in self._next.items() if at > now}
        slot = max(now, self._next.get(channel, 0.0))
        self._next[channel] = slot + self._interval
        if slot > now:
            await self._sleep(slot - now)
