"""Deliver the outbox of a SQLite file through a Bot API at `--base-url`, until it is empty.

Run by `test_crash_delivery` as a separate process so that it can be SIGKILLed mid-way:
`python -m tests.jobs.crash_worker --db FILE --base-url URL`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from datetime import timedelta

from sqlalchemy import func, select
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from postes.clock import system_clock
from postes.jobs.deliver import deliver_due
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.db import create_engine, create_sessions
from postes.storage.models import OutboxRow
from tests.botapi.double import DEFAULT_TOKEN


async def main(db: str, base_url: str, concurrency: int, lease: float, rate: float) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    sessions = create_sessions(engine)
    bot = ExtBot(
        DEFAULT_TOKEN,
        base_url=base_url,
        request=HTTPXRequest(connection_pool_size=concurrency),
        rate_limiter=ChatRateLimiter(overall_per_second=rate),
    )
    await bot.initialize()
    sender = TelegramSender(bot)
    while True:
        await deliver_due(
            sessions=sessions,
            sender=sender,
            clock=system_clock,
            concurrency=concurrency,
            batch=4 * concurrency,
            lease=timedelta(seconds=lease),
        )
        async with sessions() as session:
            pending = await session.scalar(
                select(func.count(OutboxRow.id)).where(OutboxRow.status == "pending")
            )
        if not pending:
            break
        await asyncio.sleep(0.2)  # rows a killed worker had claimed: wait out its lease
    await bot.shutdown()
    await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--lease", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=300.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(args.db, args.base_url, args.concurrency, args.lease, args.rate))
