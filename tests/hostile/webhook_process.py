"""`postes run --webhook` as a process of its own against the Bot API double, so that its
memory can be read from /proc while hostile clients post to it (test and bench share this).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.botapi.double import DEFAULT_TOKEN
from tests.hostile.webhook_client import post, zeros

ROOT = Path(__file__).resolve().parents[2]
PATH = "/hook"
STARTS_WITHIN = 60.0


@dataclass(frozen=True, slots=True)
class BotProcess:
    pid: int
    port: int
    secret: str
    log: Path

    def memory_kb(self) -> dict[str, int]:
        """Current (VmRSS) and peak (VmHWM) resident memory of the bot, in KB."""
        status = Path(f"/proc/{self.pid}/status").read_text(encoding="ascii")
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTS_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"postes run exited: {log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"postes run not listening on {port}: {log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def bot_process(
    workdir: Path,
    *,
    port: int,
    secret: str,
    max_body_kb: int,
    webhook_url: str,
    configure_listen: bool = True,
) -> Iterator[BotProcess]:
    """Start the Bot API double and `postes run --webhook URL`; stop both afterwards.

    The bot listens on 127.0.0.1:`port`: said in `[http] listen`, or else the URL's port.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTES_")}
    env["PYTHONPATH"] = str(ROOT)
    api = subprocess.Popen(
        [sys.executable, "-m", "tests.botapi.serve", "--no-rate-limits"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert api.stdout is not None
        base_url = api.stdout.readline().strip()
        config = workdir / "config.toml"
        listen = f'listen = "127.0.0.1:{port}"\n' if configure_listen else ""
        config.write_text(
            f'[telegram]\ntoken = "{DEFAULT_TOKEN}"\nbase_url = "{base_url}"\n'
            f'webhook_secret = "{secret}"\n'
            f'[database]\nurl = "sqlite+aiosqlite:///{workdir / "postes.db"}"\n'
            f"[http]\n{listen}max_body_kb = {max_body_kb}\n",
            encoding="utf-8",
        )
        log = workdir / "postes.log"
        command = [sys.executable, "-m", "postes", "--config", str(config), "run"]
        with log.open("wb") as output:
            bot = subprocess.Popen(
                [*command, "--webhook", webhook_url],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_listening(port, bot, log)
            yield BotProcess(bot.pid, port, secret, log)
        finally:
            _stop(bot)
    finally:
        _stop(api)


async def flood(
    port: int,
    *,
    clients: int,
    size: int,
    headers: Mapping[str, str] | None = None,
    announce_length: bool = True,
) -> tuple[Counter[int | None], int]:
    """`clients` concurrent POSTs of `size` zero bytes each; statuses and body bytes sent."""
    answers = await asyncio.gather(
        *(
            post(
                port,
                PATH,
                headers=headers,
                body=zeros(size),
                content_length=size if announce_length else None,
            )
            for _ in range(clients)
        )
    )
    return Counter(a.status for a in answers), sum(a.sent for a in answers)
