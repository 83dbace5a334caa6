"""What a /metrics scrape costs the leader with a large outbox, and /readyz any process.

    .venv/bin/python bench/bench_metrics.py [--pending 100000] [--sent 200000] [--postgres URL]

Fills a fresh database (SQLite by default) with `--pending` rows waiting and `--sent` rows
already sent, in 1 000 chats, then times scrapes over real HTTP (median and worst of 20):
the leader's (it reads the outbox and the jobs' runs), a follower's (counters only) and
/readyz. Prometheus scrapes every 15-60 s; a scrape should stay well under a second.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from postes.clock import system_clock
from postes.config import Settings
from postes.jobs.scheduler import job_intervals
from postes.storage.db import create_engine, create_sessions
from postes.storage.job_runs import record_job_start, record_job_success
from postes.storage.migrate import upgrade_database
from postes.storage.models import ChatRow, OutboxRow
from postes.web.health import health_routes
from postes.web.metrics import metrics_route
from postes.web.server import WebServer

TOKEN = "bench"
CHATS = 1000
SCHEMA = f"bench_metrics_{os.getpid()}"
KINDS = ("alert", "reminder:7", "reminder:1", "extension:2025-08-29", "digest:2025-08-01")


class Leads:
    def __init__(self, *roles: str) -> None:
        self.roles = roles

    def leads(self, role: str) -> bool:
        return role in self.roles


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def engine_for(url: str) -> AsyncEngine:
    """SQLite as is; PostgreSQL in the bench's own schema."""
    if url.startswith("sqlite"):
        return create_engine(url)
    return create_engine(url, connect_args={"server_settings": {"search_path": SCHEMA}})


async def postgres_schema(url: str, create: bool) -> None:
    admin = create_engine(url)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
        if create:
            await connection.exec_driver_sql(f'CREATE SCHEMA "{SCHEMA}"')
    await admin.dispose()


async def fill(url: str, pending: int, sent: int) -> None:
    engine = engine_for(url)
    await upgrade_database(engine)
    sessions = create_sessions(engine)
    now = datetime.now(UTC)
    async with sessions() as session, session.begin():
        await session.execute(
            insert(ChatRow),
            [
                {"id": i, "platform": "telegram", "external_id": str(i), "created_at": now}
                for i in range(1, CHATS + 1)
            ],
        )
        for start in range(0, pending + sent, 10_000):
            rows = []
            for n in range(start, min(start + 10_000, pending + sent)):
                waiting = n < pending
                rows.append(
                    {
                        "chat_id": n % CHATS + 1,
                        "offer_id": n,
                        "kind": KINDS[n % len(KINDS)],
                        "status": "pending" if waiting else "sent",
                        # Half the waiting rows are due, half later (quiet hours, reminders).
                        "due_at": now + timedelta(minutes=-5 if n % 2 else 60),
                        "payload": {},
                        "attempts": 0,
                        "created_at": now,
                    }
                )
            await session.execute(insert(OutboxRow), rows)
        for name in job_intervals(Settings()):
            await record_job_start(session=session, name=name, now=now, runner="bench")
            await record_job_success(session=session, name=name, now=now)
    await engine.dispose()


async def timed(client: httpx.AsyncClient, path: str, port: int) -> list[float]:
    times = []
    for _ in range(20):
        began = time.perf_counter()
        answer = await client.get(
            f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        times.append(time.perf_counter() - began)
        assert answer.status_code == 200, answer.text
    return times


async def main(pending: int, sent: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        if not url.startswith("sqlite"):
            await postgres_schema(url, create=True)
        began = time.perf_counter()
        await fill(url, pending, sent)
        print(
            f"{pending} pending + {sent} sent rows in {CHATS} chats: "
            f"filled in {time.perf_counter() - began:.1f} s ({url.split(':')[0]})"
        )
        engine = engine_for(url)
        sessions = create_sessions(engine)
        for label, leadership, path in (
            ("leader /metrics", Leads("scheduler"), "/metrics"),
            ("follower /metrics", Leads(), "/metrics"),
            ("/readyz", Leads(), "/readyz"),
        ):
            server = WebServer()
            server.mount(
                metrics_route(
                    token=TOKEN, sessions=sessions, clock=system_clock, leadership=leadership
                ),
                *health_routes(
                    sessions=sessions, clock=system_clock, jobs=job_intervals(Settings())
                ),
            )
            port = free_port()
            server.start("127.0.0.1", port)
            try:
                async with httpx.AsyncClient(timeout=60) as client:
                    times = await timed(client, path, port)
            finally:
                await server.stop()
            print(
                f"{label:18} median {statistics.median(times) * 1000:7.1f} ms"
                f"   worst {max(times) * 1000:7.1f} ms"
            )
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--sent", type=int, default=200_000)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL URL instead of SQLite")
    args = parser.parse_args()
    asyncio.run(main(args.pending, args.sent, args.postgres))
