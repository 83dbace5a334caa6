"""Virtual monotonic time for rate-limit tests: sleeping advances the clock, not the wall.

Sleepers wake in deadline order; time jumps to the earliest deadline only once every other
task has had a chance to run, so concurrent senders see the spacing they asked for.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools


class VirtualTime:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._driver: asyncio.Task[None] | None = None

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        if delay <= 0:
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + delay, next(self._order), future))
        if self._driver is None or self._driver.done():
            self._driver = asyncio.create_task(self._drive())
        await future

    async def _drive(self) -> None:
        while self._sleepers:
            for _ in range(50):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            target, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, target)
            if not future.done():
                future.set_result(None)
