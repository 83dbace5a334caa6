"""Fan offers out to N Slack channels through the Slack Web API double (1 post/s per channel).

    .venv/bin/python bench/bench_slack_fanout.py [--channels 300] [--offers 2] [--concurrency 16]

The double runs as its own process and answers 429 with Retry-After when a channel gets a
second post within a second; delivery is `jobs.deliver.deliver_due` over `SlackSender`
(chat.postMessage, real HTTP) with its per-channel spacing. With several offers each channel
gets several alerts, so the spacing is exercised. Prints messages/s, 429s (target 0) and
whether every alert was sent (a 429 must be waited out, never lose a message).
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import insert

from postes.clock import system_clock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.localtime import NOUMEA
from postes.jobs.senders import Senders
from postes.offers.model import Corps, Offer
from postes.offers.query import parse_query
from postes.platforms.slack.commands import slack_naming
from postes.platforms.slack.sender import SlackSender
from postes.platforms.slack.workspaces import ConfiguredToken
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from postes.storage.models import ChatRow, SubscriptionRow, SubscriptionTermRow
from postes.storage.offers import save_offer
from postes.storage.outbox import count_by_status
from postes.storage.subscriptions import anchor_terms

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.slackapi, run as a script

from tests.slackapi.serve import TEAM, channel_id  # noqa: E402


async def prepare(db: Path, channels: int, offers: int):
    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    await upgrade_database(engine)
    sessions = create_sessions(engine)
    now = system_clock() - timedelta(minutes=1)
    ((kind, term),) = anchor_terms(parse_query("informatique"))
    numbers = range(1, channels + 1)
    async with sessions() as session, session.begin():
        chat = {"platform": "slack", "workspace": TEAM, "kind": "group", "active": True}
        await session.execute(
            insert(ChatRow),
            [{"id": i, "external_id": channel_id(i), "created_at": now, **chat} for i in numbers],
        )
        await session.execute(
            insert(SubscriptionRow),
            [
                {"id": i, "chat_id": i, "employers": [], "corps": [], "paused": False,
                 "keywords": ["informatique"], "created_at": now}
                for i in numbers
            ],
        )  # fmt: skip
        await session.execute(
            insert(SubscriptionTermRow),
            [{"subscription_id": i, "kind": kind, "term": term} for i in numbers],
        )
        ids = []
        for n in range(offers):
            offer = Offer(
                title=f"Chef de projet informatique n°{n + 1}",
                body="Pilotage des projets informatiques de la direction du numérique.",
                employer="Province Sud",
                corps=[Corps("Attaché", category="A")],
                deadline=(datetime.now(UTC) + timedelta(days=30)).date(),
            )
            ids.append(
                (await save_offer(session=session, offer=offer, now=system_clock())).offer_id
            )
    enqueued = await enqueue_alerts(
        sessions=sessions, offer_ids=ids, clock=system_clock, zone=NOUMEA
    )
    return engine, sessions, enqueued


async def fan_out(api_url: str, channels: int, offers: int, concurrency: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine, sessions, enqueued = await prepare(Path(tmp) / "fanout.db", channels, offers)
        client = AsyncWebClient(base_url=api_url)
        sender = SlackSender(client, ConfiguredToken(f"xoxb-{TEAM}"))
        senders = Senders().add("slack", sender, naming=slack_naming)
        print(f"{enqueued} alerts enqueued for {channels} channels; sending to {api_url} ...")
        started = time.perf_counter()
        report = await deliver_due(
            sessions=sessions, sender=senders, clock=system_clock,
            concurrency=concurrency, batch=4 * concurrency,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        async with sessions() as session:
            counts = await count_by_status(session=session)
        await engine.dispose()
    print(f"channels           {channels} ({offers} alert(s) each)")
    print(f"sent               {report.sent} in {elapsed:.1f} s  (outbox: {counts})")
    print(f"messages/s         {report.sent / elapsed:.2f}")
    print(f"retried after 429  {report.retried}")
    print(f"every alert sent   {report.sent == enqueued}")


def main(channels: int, offers: int, concurrency: int) -> None:
    command = [sys.executable, "-m", "tests.slackapi.serve", "--channels", str(channels)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        api_url = server.stdout.readline().strip()
        asyncio.run(fan_out(api_url, channels, offers, concurrency))
    finally:
        server.terminate()
        seen = server.communicate(timeout=10)[0].strip()
        print(f"double             {seen}  (429s target 0)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=300)
    parser.add_argument("--offers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16)
    arguments = parser.parse_args()
    main(arguments.channels, arguments.offers, arguments.concurrency)
