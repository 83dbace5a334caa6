"""Ingest rate: generated text notices through the real parser and storage.

    .venv/bin/python bench/bench_ingest.py [--notices 2000]

Prints documents/s for a first ingest (parse + store, one transaction per document) and for
a second pass over the same documents (recognised by their bytes, nothing re-parsed).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script from anywhere

from bench_search import postgres_schema
from generate import fake_notices

from postes.clock import FakeClock
from postes.jobs.ingest import ingest_documents
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database

TODAY = date(2025, 7, 14)


async def bench(name: str, engine: AsyncEngine, notices: list[tuple[str, bytes]]) -> None:
    await upgrade_database(engine)
    sessions = create_sessions(engine)
    clock = FakeClock(datetime(2025, 7, 13, 22, 0, tzinfo=UTC))
    print(f"\n{name}")
    for label in ("first ingest", "same documents again"):
        started = time.perf_counter()
        outcomes = await ingest_documents(
            sessions=sessions, documents=notices, source="bench", clock=clock
        )
        seconds = time.perf_counter() - started
        counts = dict(Counter(o.status for o in outcomes))
        print(
            f"  {label:<22} {len(notices) / seconds:>7.0f} documents/s ({seconds:.1f} s, {counts})"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=2000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    notices = fake_notices(args.notices, today=TODAY, seed=2)
    size = sum(len(data) for _, data in notices) / len(notices)
    print(f"{len(notices)} generated text notices, {size / 1024:.1f} KiB each on average")
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await bench("SQLite (file, WAL)", engine, notices)
        await engine.dispose()
    if not args.no_postgres:
        async with postgres_schema() as engine:
            if engine is not None:
                await bench("PostgreSQL", engine, notices)


if __name__ == "__main__":
    asyncio.run(main())
