"""Logging set-up for every command: text for people, or JSON lines for log shippers.

`--log-format json` (or `[log] format = "json"`) writes one JSON object per line with `time`
(ISO 8601, UTC), `level`, `logger` and `message`, plus any `extra={...}` fields of the call
and `exc_info` when an exception is logged (python-json-logger does the encoding).
"""

from __future__ import annotations

import logging
import sys
from typing import IO

from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET = ("httpx", "apscheduler", "aiosqlite", "alembic", "tornado.access")


def json_formatter() -> logging.Formatter:
    """One JSON object per record: time, level, logger, message, then extra fields."""
    return JsonFormatter(
        "{levelname}{name}{message}",
        style="{",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",  # record.created as ISO 8601 in UTC
        json_ensure_ascii=False,  # French messages stay readable
    )


def configure_logging(*, level: int, fmt: str = "text", stream: IO[str] | None = None) -> None:
    """Send every logger's records to `stream` (stderr) in `fmt` ("text" or "json").

    Like `logging.basicConfig`, it leaves alone a root logger that someone else (pytest, a
    program embedding us) already gave handlers; its own handler from an earlier call is
    replaced.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _OurHandler)]:
        root.removeHandler(old)
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if root.handlers:
        return
    handler = _OurHandler(stream or sys.stderr)
    handler.setFormatter(json_formatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)


class _OurHandler(logging.StreamHandler):
    """The handler `configure_logging` installs, told apart from anyone else's."""
