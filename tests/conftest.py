"""Database fixtures: a fresh SQLite file per test, and a private PostgreSQL schema per test.

PostgreSQL tests use the real local server; each test gets its own schema so that parallel
runs (and developers' sessions) never see each other's rows.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from postes.clock import FakeClock
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database

POSTGRES_URL = os.environ.get(
    "POSTES_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _postgres_unreachable_reason() -> str | None:
    async def probe() -> None:
        import asyncpg

        dsn = POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
        connection = await asyncio.wait_for(asyncpg.connect(dsn), timeout=3)
        await connection.close()

    try:
        # Fixtures already run inside an event loop: probe on a thread with a loop of its own.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, probe()).result()
    except Exception as error:  # any failure means "no server here": skip, don't fail
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {error.__class__.__name__}: {error}"
    return None


_PG_SKIP: list[str | None] = []


def postgres_skip_reason() -> str | None:
    """Probe the server once per session."""
    if not _PG_SKIP:
        _PG_SKIP.append(_postgres_unreachable_reason())
    return _PG_SKIP[0]


@pytest.fixture(params=["sqlite", "postgresql"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await upgrade_database(engine)
        yield engine
        await engine.dispose()
        return
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = create_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        await upgrade_database(engine)
        yield engine
    finally:
        await engine.dispose()
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker:
    """Session factory over the test database."""
    return create_sessions(engine)


@pytest.fixture
def clock() -> FakeClock:
    """A clock stopped at Monday 2025-07-14 09:00 in Nouméa (22:00 UTC the day before)."""
    return FakeClock(datetime(2025, 7, 13, 22, 0, tzinfo=UTC))
