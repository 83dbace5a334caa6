"""Two `postes` processes started together on a new database both start.

Reported: one of them exited with "table chats already exists" (SQLite) or a duplicate-type
error (PostgreSQL). Each round starts two real `postes db upgrade` processes at the same
moment on a database nothing has migrated; the rounds run side by side.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from postes.storage.db import create_engine
from tests.conftest import POSTGRES_URL, postgres_skip_reason

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 2
PROCESSES = 2


def _start_upgrade(url: str, cwd: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTES_")}
    env |= {"POSTES_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "postes", "db", "upgrade"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def _race(urls: list[str], cwd: Path) -> list[tuple[int, str]]:
    """Start PROCESSES upgrades per URL at once; their exit codes and output."""
    processes = [_start_upgrade(url, cwd) for url in urls for _ in range(PROCESSES)]
    outputs = await asyncio.gather(
        *(asyncio.to_thread(p.communicate, timeout=120) for p in processes)
    )
    return [(p.returncode, out) for p, (out, _) in zip(processes, outputs, strict=True)]


async def _versions(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in rows]
    finally:
        await engine.dispose()


async def test_processes_started_together_on_a_new_sqlite_file_all_start(
    tmp_path: Path,
) -> None:
    urls = [f"sqlite+aiosqlite:///{tmp_path / f'round{n}.db'}" for n in range(ROUNDS)]

    outcomes = await _race(urls, tmp_path)

    assert [out for code, out in outcomes if code != 0] == []
    for url in urls:
        assert len(await _versions(url)) == 1


@asynccontextmanager
async def _new_postgres_databases(count: int) -> AsyncIterator[list[str]]:
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    names = [f"postes_race_{uuid.uuid4().hex[:12]}" for _ in range(count)]
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            for name in names:
                await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        base = make_url(POSTGRES_URL)
        yield [base.set(database=name).render_as_string(hide_password=False) for name in names]
    finally:
        async with admin.connect() as connection:
            for name in names:
                await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.dispose()


async def test_processes_started_together_on_a_new_postgres_database_all_start(
    tmp_path: Path,
) -> None:
    async with _new_postgres_databases(ROUNDS) as urls:
        outcomes = await _race(urls, tmp_path)
        versions = [await _versions(url) for url in urls]

    assert [out for code, out in outcomes if code != 0] == []
    assert all(len(v) == 1 for v in versions)
