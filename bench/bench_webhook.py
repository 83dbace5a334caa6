"""Memory of `postes run --webhook` while clients post oversized bodies at once.

    .venv/bin/python bench/bench_webhook.py [--clients 16] [--mb 90] [--port 8443]

Starts the Bot API double and `postes run --webhook https://127.0.0.1:PORT/hook` (it listens
on the URL's port, on the loopback), then sends waves of concurrent POSTs whose bodies are
streamed from one 64 KB buffer: without the secret, with it and a Content-Length over the cap,
with it and a chunked body. Prints the bot's RSS before and after each wave, its peak (VmHWM),
the answers, and how much of the bodies the clients managed to send. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.hostile, run as a script

from tests.hostile.webhook_client import SECRET_HEADER  # noqa: E402
from tests.hostile.webhook_process import PATH, bot_process, flood, free_port  # noqa: E402

SECRET = "bench-secret"
MB = 1024 * 1024


async def bench(clients: int, size: int, port: int) -> None:
    waves = [
        ("no secret, Content-Length", None, True),
        ("secret, Content-Length over cap", {SECRET_HEADER: SECRET}, True),
        ("secret, chunked past cap", {SECRET_HEADER: SECRET}, False),
    ]
    with (
        tempfile.TemporaryDirectory() as workdir,
        bot_process(
            Path(workdir),
            port=port,
            secret=SECRET,
            max_body_kb=1024,
            webhook_url=f"https://127.0.0.1:{port}{PATH}",
            configure_listen=False,
        ) as bot,
    ):
        start = bot.memory_kb()
        print(f"{clients} clients x {size // MB} MB, bot pid {bot.pid} on 127.0.0.1:{port}")
        print(f"RSS at start: {start['VmRSS'] / 1024:.0f} MB (peak {start['VmHWM'] / 1024:.0f})")
        for label, headers, announce in waves:
            before = bot.memory_kb()
            began = time.perf_counter()
            statuses, sent = await flood(
                port, clients=clients, size=size, headers=headers, announce_length=announce
            )
            elapsed = time.perf_counter() - began
            after = bot.memory_kb()
            answers = ", ".join(
                f"{s or 'reset'}: {n}" for s, n in sorted(statuses.items(), key=str)
            )
            print(
                f"{label:34} RSS {before['VmRSS'] / 1024:5.0f} -> {after['VmRSS'] / 1024:5.0f} MB,"
                f" peak {after['VmHWM'] / 1024:5.0f} MB; {answers};"
                f" {sent / MB:6.1f} MB sent of {clients * size / MB:.0f} in {elapsed:.1f} s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--mb", type=int, default=90, help="body size of each request")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    asyncio.run(bench(args.clients, args.mb * MB, args.port or free_port()))


if __name__ == "__main__":
    main()
