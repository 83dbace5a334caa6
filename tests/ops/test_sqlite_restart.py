"""The embedded default: one `postes run` on a SQLite file, killed mid fan-out, restarted.

The restarted process holds the sender's file lock, so it knows the claims it finds are a
dead process's: it releases them at once instead of waiting out their lease, and every
alert is sent within 20 s of the restart. A second process asking for the same roles on
the same file gets a one-line refusal.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.cluster import (
    FIRST_CHAT,
    ROOT,
    BotApi,
    Cluster,
    make_cluster,
    prepare,
    received,
    start_bot_api,
)

SUBSCRIBERS = 300
IN_FLIGHT = 16


@pytest.fixture
def api(tmp_path: Path) -> Iterator[BotApi]:
    api = start_bot_api(tmp_path, rate_limits=False)
    yield api
    api.close()


async def test_killed_then_restarted_process_sends_the_rest_within_20_s(
    tmp_path: Path, api: BotApi
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}"
    await prepare(url, SUBSCRIBERS, tmp_path / "inbox")
    cluster: Cluster = make_cluster(tmp_path, url, api.base_url, check_every="10m")
    try:
        cluster.start(1)
        deadline = time.monotonic() + 60
        while len(api.sent()) < 100:
            assert time.monotonic() < deadline, cluster.logs()[-3000:]
            await asyncio.sleep(0.02)

        second = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "postes", "--config", str(cluster.config), "run"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2
        assert (
            second.stderr.strip()
            .splitlines()[-1]
            .startswith("postes: un autre processus tient déjà le rôle « scheduler »")
        )

        cluster.kill(cluster.processes[0].pid)
        cluster.processes[0].wait()
        at_kill = len(api.sent())
        restarted = time.monotonic()
        cluster.start(1)
        while len(received(api.sent())) < SUBSCRIBERS:
            assert time.monotonic() - restarted < 20, f"{len(api.sent())} sent after 20 s"
            await asyncio.sleep(0.05)
        took = time.monotonic() - restarted
    finally:
        await asyncio.to_thread(cluster.stop)

    counts = received(api.sent())
    duplicates = sum(counts.values()) - len(counts)
    print(f"\nkilled after {at_kill}; all sent {took:.1f} s after restart; {duplicates} duplicates")  # noqa: T201
    assert set(counts) == set(range(FIRST_CHAT, FIRST_CHAT + SUBSCRIBERS))
    assert at_kill < SUBSCRIBERS
    assert duplicates <= IN_FLIGHT
    assert "released" in cluster.logs()  # the dead process's claims, at once
