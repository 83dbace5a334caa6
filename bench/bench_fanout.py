"""Fan one offer out to N subscribers through the HTTP Bot API double (30/s, 1/s per chat).

    .venv/bin/python bench/bench_fanout.py [--subscribers 10000] [--concurrency 16]

The double runs as its own process with Telegram's limits (token buckets, short bursts);
delivery is `jobs.deliver.deliver_due` over PTB with `ChatRateLimiter`, real HTTP. Prints
messages/s (target >= 28), 429s received (target 0) and peak RSS of this process.
10 000 subscribers take about 6 minutes (333 s of sending at 30/s, plus set-up).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from postes.clock import system_clock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.localtime import NOUMEA
from postes.offers.model import Corps, Offer
from postes.offers.query import parse_query
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from postes.storage.models import ChatRow, SubscriptionRow, SubscriptionTermRow
from postes.storage.offers import save_offer
from postes.storage.outbox import count_by_status
from postes.storage.subscriptions import anchor_terms

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.botapi, run as a script

from tests.botapi.double import DEFAULT_TOKEN  # noqa: E402


async def prepare(db: Path, subscribers: int):
    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    await upgrade_database(engine)
    sessions = create_sessions(engine)
    now = system_clock() - timedelta(minutes=1)
    query = parse_query("informatique")
    async with sessions() as session, session.begin():
        await session.execute(
            insert(ChatRow),
            [
                {
                    "id": i,
                    "platform": "telegram",
                    "external_id": str(100_000 + i),
                    "kind": "private",
                    "active": True,
                    "paused": False,
                    "reminder_days": [7, 1],
                    "created_at": now,
                }
                for i in range(1, subscribers + 1)
            ],
        )
        await session.execute(
            insert(SubscriptionRow),
            [
                {
                    "id": i,
                    "chat_id": i,
                    "employers": [],
                    "corps": [],
                    "keywords": ["informatique"],
                    "paused": False,
                    "created_at": now,
                }
                for i in range(1, subscribers + 1)
            ],
        )
        ((kind, term),) = anchor_terms(query)
        await session.execute(
            insert(SubscriptionTermRow),
            [{"subscription_id": i, "kind": kind, "term": term} for i in range(1, subscribers + 1)],
        )
        offer = Offer(
            title="Chef de projet informatique",
            body="Pilotage des projets informatiques de la direction du numérique.",
            employer="Province Sud",
            corps=[Corps("Attaché", category="A")],
            deadline=(datetime.now(UTC) + timedelta(days=30)).date(),
        )
        offer_id = (await save_offer(session=session, offer=offer, now=system_clock())).offer_id
    enqueued = await enqueue_alerts(
        sessions=sessions, offer_ids=[offer_id], clock=system_clock, zone=NOUMEA
    )
    return engine, sessions, enqueued


async def fan_out(base_url: str, subscribers: int, concurrency: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine, sessions, enqueued = await prepare(Path(tmp) / "fanout.db", subscribers)
        limiter = ChatRateLimiter()
        bot = ExtBot(
            DEFAULT_TOKEN,
            base_url=base_url,
            request=HTTPXRequest(connection_pool_size=concurrency),
            rate_limiter=limiter,
        )
        await bot.initialize()
        print(f"{enqueued} alerts enqueued; sending through {base_url} ...", flush=True)
        started = time.perf_counter()
        report = await deliver_due(
            sessions=sessions,
            sender=TelegramSender(bot),
            clock=system_clock,
            concurrency=concurrency,
            batch=4 * concurrency,
        )
        elapsed = time.perf_counter() - started
        async with sessions() as session:
            counts = await count_by_status(session=session)
        await bot.shutdown()
        await engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"subscribers        {subscribers}")
    print(f"sent               {report.sent} in {elapsed:.1f} s  (outbox: {counts})")
    print(f"messages/s         {report.sent / elapsed:.2f}  (target >= 28)")
    print(f"429s received      {limiter.retries}  (target 0)")
    print(f"peak RSS           {peak_mb:.0f} MB (this process; the double runs apart)")


def main(subscribers: int, concurrency: int) -> None:
    command = [sys.executable, "-m", "tests.botapi.serve"]  # Telegram's limits, as documented
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        base_url = server.stdout.readline().strip()
        asyncio.run(fan_out(base_url, subscribers, concurrency))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    arguments = parser.parse_args()
    main(arguments.subscribers, arguments.concurrency)
