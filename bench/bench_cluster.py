"""Several `postes run` processes on PostgreSQL: fan-out rate, takeover time, duplicates.

    .venv/bin/python bench/bench_cluster.py [--subscribers 500]

Runs the real processes against the Bot API double over HTTP (Telegram's limits enforced),
on a private schema of the local PostgreSQL (`POSTES_TEST_POSTGRES_URL`), and prints:
fan-out messages/s with 1 and with 3 processes (one sender leader per bot token, so both
stay under Telegram's 30/s), and, with 3 processes, how long a standby takes to resume
after the sender leader is SIGKILLed mid fan-out and how many messages went twice.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.*, run as a script

from tests.conftest import POSTGRES_URL, postgres_skip_reason  # noqa: E402
from tests.ops.cluster import (  # noqa: E402
    busiest_second,
    make_cluster,
    postgres_database,
    prepare,
    received,
    sender_leader_pid,
    start_bot_api,
)


async def _wait(condition, seconds: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        await asyncio.sleep(0.05)


async def fan_out(subscribers: int, processes: int, kill_after: int | None) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        api = start_bot_api(folder)
        try:
            async with postgres_database(POSTGRES_URL) as url:
                await prepare(url, subscribers, folder / "inbox")
                cluster = make_cluster(folder, url, api.base_url, check_every="10m")
                try:
                    cluster.start(processes)
                    await _wait(lambda: len(api.sent()) >= 1, 60)
                    first = api.sent()[0]["at"]
                    takeover = ""
                    if kill_after is not None:
                        await _wait(lambda: len(api.sent()) >= kill_after, 60)
                        pid = await sender_leader_pid(url)
                        assert pid is not None
                        killed = time.time()
                        cluster.kill(pid)
                        at_kill = len(api.sent())
                        await _wait(lambda: any(m["at"] > killed + 0.5 for m in api.sent()), 60)
                        resumed = min(m["at"] for m in api.sent() if m["at"] > killed + 0.5)
                        takeover = f"; killed at {at_kill}, takeover {resumed - killed:.1f} s"
                    await _wait(lambda: len(received(api.sent())) == subscribers, 120)
                    await asyncio.sleep(1)
                finally:
                    await asyncio.to_thread(cluster.stop)
        finally:
            api.close()
        sent = api.sent()
        counts = received(sent)
        rate = len(sent) / max(sent[-1]["at"] - first, 1e-9)
        refused = sum(line["status"] == 429 for line in api.refused())
        return (
            f"{processes} process(es): {len(sent)} messages to {len(counts)} chats at"
            f" {rate:.1f} msg/s, busiest second {busiest_second(sent)}, {refused} × 429,"
            f" {sum(counts.values()) - len(counts)} duplicates{takeover}"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=500)
    args = parser.parse_args()
    reason = postgres_skip_reason()
    if reason:
        raise SystemExit(reason)
    print(await fan_out(args.subscribers, 1, None))
    print(await fan_out(args.subscribers, 3, None))
    print(await fan_out(args.subscribers, 3, args.subscribers // 3))


if __name__ == "__main__":
    asyncio.run(main())
