"""`postes db upgrade` as a release step, run by several processes at once: all succeed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from postes.storage.db import create_engine
from postes.storage.migrate import head_revision
from tests.conftest import POSTGRES_URL, postgres_skip_reason
from tests.ops.cluster import ROOT, postgres_database


def _upgrade_together(url: str, count: int) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POSTES_DATABASE_URL": url}
    env.pop("POSTES_CONFIG", None)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "postes", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


async def _versions(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in rows]
    finally:
        await engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_three_processes_upgrading_a_new_database_at_once_all_succeed(
    backend: str, tmp_path: Path
) -> None:
    if backend == "postgresql":
        reason = postgres_skip_reason()
        if reason:
            pytest.skip(reason)
        async with postgres_database(POSTGRES_URL) as url:
            results = await asyncio.to_thread(_upgrade_together, url, 3)
            versions = await _versions(url)
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
        results = await asyncio.to_thread(_upgrade_together, url, 3)
        versions = await _versions(url)

    assert [(r.returncode, r.stderr) for r in results] == [(0, "")] * 3
    assert versions == [head_revision()]
