"""Run the fake Bot API standalone: `python -m tests.botapi.serve --port N --record FILE`.

Used when the bot under test is a separate process (and may be SIGKILLed): every accepted
sendMessage is appended to FILE as one flushed JSON line, so the test can count deliveries
that really reached "Telegram", with the wall-clock time it was accepted (`at`), so that
rates across several bot processes can be measured. `--rejections FILE` journals refused
calls (429s above all) the same way. The base URL is written to stdout once the port is bound.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from tests.botapi.double import DEFAULT_TOKEN, Call, FakeBotApi
from tests.botapi.errors import ApiError
from tests.botapi.ratelimit import RateLimits
from tests.botapi.transport import serve_http


def _journal(record: TextIO) -> Any:
    def write(call: Call, result: Any) -> None:
        if call.method == "sendMessage":
            line = {"chat_id": result["chat"]["id"], "message_id": result["message_id"]}
            line |= {"text": result.get("text"), "reply_markup": result.get("reply_markup")}
            line |= {"at": time.time()}
            record.write(json.dumps(line, ensure_ascii=False) + "\n")
            record.flush()

    return write


def _rejections(record: TextIO) -> Any:
    def write(method: str, error: ApiError) -> None:
        line = {"method": method, "status": error.status, "at": time.time()}
        record.write(json.dumps(line) + "\n")
        record.flush()

    return write


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--record", type=Path, help="append accepted sendMessage calls here")
    parser.add_argument("--rejections", type=Path, help="append refused calls here")
    parser.add_argument("--no-rate-limits", action="store_true")
    parser.add_argument("--strict-chats", action="store_true")
    args = parser.parse_args(argv)

    api = FakeBotApi(
        args.token,
        rate_limits=None if args.no_rate_limits else RateLimits(),
        strict_chats=args.strict_chats,
    )
    record = args.record.open("a", encoding="utf-8") if args.record else None
    if record is not None:
        api.on_accept.append(_journal(record))
    refused = args.rejections.open("a", encoding="utf-8") if args.rejections else None
    if refused is not None:
        api.on_reject.append(_rejections(refused))
    server = serve_http(api, args.host, args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    sys.stdout.write(server.base_url + "\n")
    sys.stdout.flush()
    stop.wait()
    server.close()
    for journal in (record, refused):
        if journal is not None:
            journal.close()


if __name__ == "__main__":
    main()
