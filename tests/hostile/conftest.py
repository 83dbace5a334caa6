"""A hostile web server on 127.0.0.1 for each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.hostile.server import HostileServer


@pytest.fixture
async def server() -> AsyncIterator[HostileServer]:
    async with HostileServer() as server:
        yield server
