"""Retry-After is honoured, in both forms and capped, by skipping polls, not by sleeping."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import SourceSettings
from postes.jobs.status import collect_status, format_status
from tests.hostile.notices import notice
from tests.hostile.polling import poll
from tests.hostile.server import HostileServer, ok, page, status


async def test_a_page_answering_503_with_retry_after_is_left_alone_until_then(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    server.routes["/avis/"] = status(503, {"Retry-After": "120"})
    source = SourceSettings("http", server.url("/avis/"))

    async def requested_after(seconds: int) -> int:
        clock.advance(timedelta(seconds=seconds))
        before = len(server.requests)
        await poll(sessions, clock, source)
        return len(server.requests) - before

    assert await requested_after(0) == 1  # asked to wait: no retry within the poll
    text = format_status(await collect_status(sessions=sessions))
    assert "pas de passage avant 14/07/2025 09:02 (demandé par le site)" in text
    assert await requested_after(60) == 0
    server.routes["/avis/"] = ok(page())
    assert await requested_after(61) == 1
    assert "pas de passage avant" not in format_status(await collect_status(sessions=sessions))


async def test_a_link_with_an_http_date_retry_after_waits_past_its_backoff(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    later = format_datetime(clock() + timedelta(hours=1), usegmt=True)
    server.routes["/avis/"] = ok(page("/docs/a.txt", "/docs/b.txt"))
    server.routes["/docs/a.txt"] = status(429, {"Retry-After": later})
    server.routes["/docs/b.txt"] = ok(notice(2))
    source = SourceSettings("http", server.url("/avis/"))

    async def requests_after(minutes: int) -> list[str]:
        clock.advance(timedelta(minutes=minutes))
        before = len(server.requests)
        await poll(sessions, clock, source)
        return server.paths()[before:]

    # The host said to slow down: b.txt waits for the next poll too.
    assert await requests_after(0) == ["/avis/", "/docs/a.txt"]
    assert await requests_after(10) == ["/avis/", "/docs/b.txt"]  # past the 5-minute backoff
    server.routes["/docs/a.txt"] = ok(notice(1))
    assert await requests_after(49) == ["/avis/"]
    assert await requests_after(2) == ["/avis/", "/docs/a.txt"]


async def test_a_huge_retry_after_is_capped_at_six_hours(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    server.routes["/avis/"] = status(503, {"Retry-After": "999999999999"})
    source = SourceSettings("http", server.url("/avis/"))

    await poll(sessions, clock, source)
    clock.advance(timedelta(hours=6, seconds=1))
    await poll(sessions, clock, source)

    assert server.paths() == ["/avis/", "/avis/"]
