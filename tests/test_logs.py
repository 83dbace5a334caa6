"""`--log-format json` / `[log] format = "json"`: one JSON object per line for log shippers,
with time, level, logger, message and the call's extra fields."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from postes.config import ConfigError, settings_from_mapping
from postes.logs import json_formatter

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
