"""Several `postes run` processes on one database, with the Bot API double over HTTP.

Shared by the multi-process tests and `bench/bench_cluster.py`: a private PostgreSQL schema
(or a SQLite file) with N subscribers, a watched folder holding one notice that matches them
all, the double journaling every accepted message with its time, and the processes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from postes.offers.query import parse_query
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from postes.storage.models import ChatRow, LeaseRow, SubscriptionRow, SubscriptionTermRow, WorkerRow
from postes.storage.subscriptions import anchor_terms
from tests.botapi.double import DEFAULT_TOKEN

ROOT = Path(__file__).resolve().parents[2]
FIRST_CHAT = 10_000
NOTICE = """# Chargé(e) de projets informatiques

Référence : 3134-26-0777/SR du {published}

Employeur : Province Sud

Corps ou cadre d'emploi /Domaine : Ingénieur 2ème grade / Informatique

Lieu de travail : Nouméa

Date limite de candidature : {deadline}

# Détails de l'offre :

La direction du numérique recrute un chef de projets informatiques.
"""


def _read_lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    # The last line may be half-written while we read: complete lines only.
    return [json.loads(line) for line in lines if line.endswith("}")]


@dataclass
class BotApi:
    """The double in its own process; `sent()` is what "Telegram" accepted, in order."""

    process: subprocess.Popen[str]
    base_url: str
    record: Path
    refused_record: Path

    def sent(self) -> list[dict]:
        return _read_lines(self.record)

    def refused(self) -> list[dict]:
        return _read_lines(self.refused_record)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_bot_api(folder: Path, *, rate_limits: bool = True) -> BotApi:
    record, refused = folder / "sent.jsonl", folder / "refused.jsonl"
    command = [sys.executable, "-m", "tests.botapi.serve", "--record", str(record)]
    command += ["--rejections", str(refused)] + ([] if rate_limits else ["--no-rate-limits"])
    # Its stderr would fill with the broken pipes of killed clients.
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    base_url = process.stdout.readline().strip()
    assert base_url.startswith("http://"), base_url
    return BotApi(process, base_url, record, refused)


@asynccontextmanager
async def postgres_database(admin_url: str) -> AsyncIterator[str]:
    """A fresh schema, as a database URL of its own (libpq `options` set the search path)."""
    schema = f"c_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{admin_url}?options=-csearch_path%3D{schema}"
    finally:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


async def prepare(url: str, subscribers: int, inbox: Path) -> None:
    """Migrate, add `subscribers` chats subscribed to "informatique", drop a notice in `inbox`."""
    inbox.mkdir(exist_ok=True)  # noqa: ASYNC240 - test set-up
    ((kind, term),) = anchor_terms(parse_query("informatique"))
    engine = create_engine(url)
    await upgrade_database(engine)
    now = datetime.now(UTC)
    async with create_sessions(engine)() as session, session.begin():
        chats: list[dict[str, Any]] = [
            {"platform": "telegram", "external_id": str(FIRST_CHAT + n), "kind": "private"}
            for n in range(subscribers)
        ]
        for chat in chats:
            chat |= {"active": True, "paused": False, "reminder_days": [7, 1], "created_at": now}
        ids = (await session.execute(insert(ChatRow).returning(ChatRow.id), chats)).scalars()
        subs = await session.execute(
            insert(SubscriptionRow).returning(SubscriptionRow.id),
            [
                {"chat_id": i, "employers": [], "corps": [], "keywords": ["informatique"]}
                | {"paused": False, "created_at": now}
                for i in ids.all()
            ],
        )
        await session.execute(
            insert(SubscriptionTermRow),
            [{"subscription_id": s, "kind": kind, "term": term} for s in subs.scalars()],
        )
    await engine.dispose()
    today = now.astimezone(ZoneInfo("Pacific/Noumea")).date()
    notice = inbox / "avis.txt"
    notice.write_text(
        NOTICE.format(
            published=today.strftime("%d/%m/%Y"),
            deadline=(today + timedelta(days=20)).strftime("%d/%m/%Y"),
        ),
        encoding="utf-8",
    )
    past = time.time() - 60  # settled: the folder source takes it at the first poll
    os.utime(notice, (past, past))


async def sender_leader_pid(url: str) -> int | None:
    """The pid of the process leading the sender lease now, if any."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(
                select(WorkerRow.pid)
                .join(LeaseRow, LeaseRow.holder == WorkerRow.id)
                .where(LeaseRow.name.startswith("sender:"), LeaseRow.expires_at > datetime.now(UTC))
            )
    finally:
        await engine.dispose()


@dataclass
class Cluster:
    """`postes run` processes sharing one configuration."""

    folder: Path
    config: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, count: int, *options: str) -> None:
        for _ in range(count):
            log = (self.folder / f"postes-{len(self.processes)}.log").open("wb")
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "postes", "--config", str(self.config), "run", *options],
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )
            )

    def logs(self) -> str:
        return "\n".join(
            path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(self.folder.glob("postes-*.log"))
        )

    def polls(self) -> int:
        """Polls of the watched folder, all processes together (one log line each)."""
        return self.logs().count("poll folder:")

    def kill(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def make_cluster(folder: Path, url: str, base_url: str, *, check_every: str) -> Cluster:
    inbox = folder / "inbox"
    config = folder / "config.toml"
    config.write_text(
        f"""
[telegram]
token = "{DEFAULT_TOKEN}"
base_url = "{base_url}"
webhook_secret = "cluster-secret"

[database]
url = "{url}"

[[sources]]
kind = "folder"
path = "{inbox}"

[schedule]
check_every = "{check_every}"
""",
        encoding="utf-8",
    )
    return Cluster(folder, config)


def busiest_second(sent: list[dict]) -> int:
    """The most messages accepted within any one-second window."""
    times = sorted(line["at"] for line in sent)
    most, start = 0, 0
    for end, moment in enumerate(times):
        while times[start] <= moment - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def received(sent: list[dict]) -> Counter[int]:
    """Messages per chat id."""
    return Counter(line["chat_id"] for line in sent)
