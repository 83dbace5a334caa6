"""A hostile web server on 127.0.0.1 for each test, and small waiting helpers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from tests.hostile.server import HostileServer


@pytest.fixture
async def server() -> AsyncIterator[HostileServer]:
    async with HostileServer() as server:
        yield server


async def no_sleep(_: float) -> None:
    """Retries back off on virtual time: the test never waits."""


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> None:
    """Wait until `check()` holds; fail after a generous `seconds`."""
    for _ in range(int(seconds * 20)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"condition not met within {seconds} s")
