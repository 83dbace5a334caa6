"""A slow source stalls no other: sources are polled side by side, each fetch has a deadline."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import SourceSettings
from postes.jobs.localtime import NOUMEA
from postes.jobs.poll import run_poll
from postes.jobs.status import collect_status, format_status
from tests.hostile.notices import notice
from tests.hostile.polling import eventually, no_sleep, poll
from tests.hostile.server import HostileServer, Request, drip, ok, page, respond
from tests.jobs.factories import make_chat, outbox, subscribe

NO_SETTLE = timedelta(0)


async def test_a_folder_notice_is_alerted_while_another_source_still_drips(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer, tmp_path: Path
) -> None:
    chat = await make_chat(sessions, clock(), 1)
    await subscribe(sessions, chat, "comptable", clock())
    (tmp_path / "avis.txt").write_bytes(notice(1))
    release = asyncio.Event()
    server.routes["/avis/"] = drip(0.05, release)
    slow = SourceSettings("http", server.url("/avis/"))
    folder = SourceSettings("folder", str(tmp_path))

    async def alerted() -> bool:
        return [row.kind for row in await outbox(sessions)] == ["alert"]

    poll = asyncio.create_task(
        run_poll(
            sessions=sessions,
            sources=[slow, folder],
            clock=clock,
            zone=NOUMEA,
            settle=NO_SETTLE,
            sleep=no_sleep,
        )
    )
    try:
        await eventually(alerted)
        assert not poll.done()  # the page is still dripping
    finally:
        release.set()
        await poll


async def test_status_shows_a_poll_in_progress_and_since_when(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    release = asyncio.Event()
    server.routes["/avis/"] = drip(0.05, release)
    slow = SourceSettings("http", server.url("/avis/"))

    async def status() -> str:
        return format_status(await collect_status(sessions=sessions))

    async def in_progress() -> bool:
        return "passage en cours depuis 14/07/2025 09:00" in await status()

    poll = asyncio.create_task(
        run_poll(sessions=sessions, sources=[slow], clock=clock, zone=NOUMEA, sleep=no_sleep)
    )
    try:
        await eventually(in_progress)
    finally:
        release.set()
        await poll
    assert "passage en cours" not in await status()


async def test_a_page_of_slow_links_leaves_the_rest_for_the_next_poll(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    # Each download takes three minutes of the clock: the five-minute budget lets two start.
    async def slow(request: Request, writer: asyncio.StreamWriter) -> None:
        clock.advance(timedelta(minutes=3))
        await respond(writer, 200, notice(int(request.path[-5])))

    server.routes["/avis/"] = ok(page(*(f"/docs/{n}.txt" for n in range(1, 5))))
    for number in range(1, 5):
        server.routes[f"/docs/{number}.txt"] = slow
    source = SourceSettings("http", server.url("/avis/"))

    first = await poll(sessions, clock, source)
    second = await poll(sessions, clock, source)

    assert [o.uri[-5:] for o in first.outcomes] == ["1.txt", "2.txt"]
    assert [o.uri[-5:] for o in second.outcomes] == ["3.txt", "4.txt"]
