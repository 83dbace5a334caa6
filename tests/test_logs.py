"""`--log-format json` / `[log] format = "json"`: one JSON object per line for log shippers,
with time, level, logger, message and the call's extra fields."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import ConfigError, SourceSettings, settings_from_mapping
from postes.conversation.replies import Reply
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.localtime import NOUMEA
from postes.jobs.poll import run_poll
from postes.logs import json_formatter
from postes.storage.models import ChatRow
from tests.jobs.factories import make_chat, make_offer, subscribe

ROOT = Path(__file__).resolve().parents[1]


def test_a_record_is_one_json_object_with_its_extra_fields() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("postes.test_logs")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("envoi : %d messages\nà « vous »", 3, extra={"sent": 3, "chat": 42})
        try:
            raise ValueError("mauvaise date")
        except ValueError:
            logger.exception("échec")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True

    lines = stream.getvalue().splitlines()
    assert len(lines) == 2  # a newline in a message stays inside its line
    first, second = (json.loads(line) for line in lines)
    assert first["level"] == "WARNING"
    assert first["logger"] == "postes.test_logs"
    assert first["message"] == "envoi : 3 messages\nà « vous »"
    assert (first["sent"], first["chat"]) == (3, 42)
    assert datetime.fromisoformat(first["time"]).utcoffset() is not None
    assert second["level"] == "ERROR"
    assert "ValueError: mauvaise date" in second["exc_info"]


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTES_")}
    env["POSTES_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'logs.db'}"
    return subprocess.run(
        [sys.executable, "-m", "postes", *args],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.parametrize("how", ["option", "config"])
def test_the_command_logs_json_lines_when_asked(tmp_path: Path, how: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[log]\nformat = "json"\n', encoding="utf-8")
    args = ["--log-format", "json"] if how == "option" else ["--config", str(config)]

    done = _run(*args, "-v", "ingest", "--sample", tmp_path=tmp_path)

    # stderr also has the command's summary for people ("12 ajoutée, …"), not a log record.
    records = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    ingested = [r for r in records if r["logger"] == "postes.jobs.ingest"]
    assert ingested
    assert ingested[0]["level"] == "INFO"
    assert ingested[0]["message"].startswith("Ingested 12 documents")
    assert "ajoutée" in done.stdout  # what the command prints for people is not a log


def test_text_stays_the_default(tmp_path: Path) -> None:
    done = _run("-v", "ingest", "--sample", tmp_path=tmp_path)

    assert " INFO postes.jobs.ingest: Ingested 12 documents" in done.stderr


def test_an_unknown_log_format_is_refused() -> None:
    with pytest.raises(ConfigError, match=r'\[log\] format doit être "text" ou "json"'):
        settings_from_mapping({"log": {"format": "xml"}}, {})


def _as_json(caplog: pytest.LogCaptureFixture, event: str) -> list[dict]:
    formatter = json_formatter()
    return [
        json.loads(formatter.format(r))
        for r in caplog.records
        if getattr(r, "event", None) == event
    ]


async def test_a_send_batch_logs_its_counts_as_fields(
    sessions: async_sessionmaker, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    class Recorder:
        async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
            return "1"

    for external_id in (11, 12):
        chat = await make_chat(sessions, clock(), external_id)
        await subscribe(sessions, chat, "informatique", clock())
    offer = await make_offer(sessions, clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    caplog.set_level(logging.INFO, logger="postes.jobs")

    await deliver_due(sessions=sessions, sender=Recorder(), clock=clock)

    (batch,) = _as_json(caplog, "send_batch")
    assert batch["message"].startswith("send batch: 2 claimed for 2 chats")
    assert (batch["claimed"], batch["chats"], batch["sent"], batch["failed"]) == (2, 2, 2, 0)


async def test_a_poll_logs_its_counts_as_fields(
    sessions: async_sessionmaker,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "avis"
    folder.mkdir()
    (folder / "bonjour.txt").write_text("Bonjour, la réunion est reportée.", encoding="utf-8")
    source = SourceSettings("folder", str(folder))
    caplog.set_level(logging.INFO, logger="postes.jobs")

    await run_poll(
        sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, settle=timedelta(0)
    )

    (poll,) = _as_json(caplog, "poll")
    assert poll["source"] == source.key
    assert (poll["documents"], poll["documents_rejected"], poll["alerts"]) == (1, 1, 0)
    assert poll["error"] is None
