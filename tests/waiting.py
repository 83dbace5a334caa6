"""Wait for something a background task does, without sleeping longer than needed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    """Poll `condition` every 0.1 s; fail the test if it is still false after `seconds`."""
    for _ in range(int(seconds * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"condition not met within {seconds} s")
