"""Hostile sources: peak memory of a poll that meets a 100 MB linked document, and how long
a folder notice waits for its alert while another source drips.

    .venv/bin/python bench/bench_hostile_sources.py [--drip-seconds 30] [--baseline DIR]

Each figure is measured in a fresh child process (peak RSS is per process) against a web
server running in another, on 127.0.0.1, with the default limits (`LimitSettings`).
`--baseline DIR` measures the same on another checkout of postes too, for a before/after:
`mkdir /tmp/base && git archive 5fc7299 | tar -x -C /tmp/base`.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIG = 100 * 1024 * 1024
NOTICE = """Gestionnaire comptable

Référence : 3134-25-{number:04d}/SR du 02/07/2025

Employeur : Province Nord

Corps ou cadre d'emploi /Domaine : Rédacteur (B)

Date limite de candidature : 31/12/2099

# Détails de l’offre :

La direction des finances prépare et exécute le budget de la province.
"""


# --- the web server (a process of its own) -------------------------------------------------


async def serve(drip_seconds: float) -> None:
    """Serve /big/ (a page linking a 100 MB notice) and /drip/ (a page a byte per second)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            target = (await reader.readline()).split()[1].decode()
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
            if target == "/big/":
                page = b'<a href="/big.txt">Avis de vacance</a>'
                head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(page)}\r\n\r\n"
                writer.write(head.encode() + page)
            elif target == "/big.txt":  # no Content-Length: only counting stops it
                writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
                writer.write(notice_bytes(9))
                for _ in range(BIG // 65536):
                    writer.write(b" " * 65536)
                    await writer.drain()
            elif target == "/drip/":
                size = max(1, int(drip_seconds))
                writer.write(f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n".encode())
                for _ in range(size):
                    writer.write(b" ")
                    await writer.drain()
                    await asyncio.sleep(drip_seconds / size)
            await writer.drain()
        except (ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


def notice_bytes(number: int) -> bytes:
    return NOTICE.format(number=number).encode()


# --- the measurements (a fresh process each, on the code under `--code`) ------------------


async def measure(kind: str, port: int, code: Path) -> dict[str, float | str]:
    sys.path.insert(0, str(code))
    from postes.clock import system_clock
    from postes.config import SourceSettings
    from postes.jobs.localtime import NOUMEA
    from postes.jobs.poll import run_poll
    from postes.storage.db import create_engine, create_sessions
    from postes.storage.documents import list_rejected_documents
    from postes.storage.migrate import upgrade_database
    from tests.jobs.factories import make_chat, outbox, subscribe

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp}/bench.db")
        await upgrade_database(engine)
        sessions = create_sessions(engine)
        accepted = inspect.signature(run_poll).parameters
        options = {"settle": timedelta(0)} if "settle" in accepted else {}
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        if kind == "rss":
            source = SourceSettings("http", f"http://127.0.0.1:{port}/big/")
            report = await run_poll(
                sessions=sessions, sources=[source], clock=system_clock, zone=NOUMEA, **options
            )
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            async with sessions() as session:
                aside = await list_rejected_documents(session=session)
            outcome = ", ".join(
                [f"{o.status} ({o.reason})" for o in report.outcomes]
                + [f"set aside: {row.reason}" for row in aside if row.content_hash == "non lu"]
            )
            return {
                "before_mb": before_mb,
                "peak_mb": peak_mb,
                "seconds": time.perf_counter() - started,
                "outcome": outcome or str(report.sources[0].error),
            }
        chat = await make_chat(sessions, system_clock(), 1)
        await subscribe(sessions, chat, "comptable", system_clock())
        folder = Path(tmp) / "inbox"
        folder.mkdir()
        (folder / "avis.txt").write_bytes(notice_bytes(1))
        sources = [
            SourceSettings("http", f"http://127.0.0.1:{port}/drip/"),
            SourceSettings("folder", str(folder)),
        ]
        poll = asyncio.create_task(
            run_poll(sessions=sessions, sources=sources, clock=system_clock, zone=NOUMEA, **options)
        )
        for _ in range(100_000):  # the outbox is looked at every 50 ms
            if [row for row in await outbox(sessions) if row.kind == "alert"]:
                break
            await asyncio.sleep(0.05)
        alert_seconds = time.perf_counter() - started
        await poll
        await engine.dispose()
        return {"alert_s": alert_seconds, "poll_s": time.perf_counter() - started}


def run_child(kind: str, port: int, code: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, "--port", str(port), "--code", str(code)]
    result = subprocess.run(command, cwd=code, capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout.splitlines()[-1]))


def report(label: str, code: Path, port: int, drip_seconds: float) -> None:
    rss = run_child("rss", port, code)
    delay = run_child("delay", port, code)
    print(f"\n{label} ({code})")
    print(
        f"  poll meeting a 100 MB linked document: peak RSS {rss['peak_mb']:.0f} MB "
        f"(process before the poll: {rss['before_mb']:.0f} MB), {rss['seconds']:.1f} s"
    )
    print(f"    outcome: {rss['outcome'][:150]}")
    print(
        f"  folder notice alerted after {delay['alert_s']:.2f} s while an http source drips "
        f"for {drip_seconds:.0f} s (whole poll: {delay['poll_s']:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drip-seconds", type=float, default=30.0)
    parser.add_argument("--baseline", type=Path, help="another checkout, measured too")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=["rss", "delay"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.drip_seconds))
        return
    if args.child:
        print(json.dumps(asyncio.run(measure(args.child, args.port, args.code))))
        return
    command = [sys.executable, __file__, "--serve", "--drip-seconds", str(args.drip_seconds)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        if args.baseline:
            report("before", args.baseline.resolve(), port, args.drip_seconds)
        report("this checkout", ROOT, port, args.drip_seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
