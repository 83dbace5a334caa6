"""One bad link fails alone: redirect loops, broken gzip, invalid URLs, slow or failing links."""

from __future__ import annotations

import asyncio
import gzip
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import SourceSettings
from tests.hostile.notices import notice
from tests.hostile.polling import poll, status_text
from tests.hostile.server import HostileServer, drip, ok, page, redirect, status


async def test_bad_links_fail_one_by_one_and_the_good_ones_beside_them_are_ingested(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    server.routes["/avis/"] = ok(
        page(
            "/docs/boucle.txt",
            "/docs/gzip-casse.txt",
            "/docs/gzip-tronque.txt",
            "http://[::1",
            "/docs/a.txt",
            "/docs/lent.txt",
            "/docs/b.txt",
        )
    )
    server.routes["/docs/boucle.txt"] = redirect("/docs/boucle.txt")
    garbage = {"Content-Encoding": "gzip"}
    server.routes["/docs/gzip-casse.txt"] = ok(b"\x1f\x8b\x08\x00 not gzip at all", garbage)
    server.routes["/docs/gzip-tronque.txt"] = ok(gzip.compress(notice(3))[:40], garbage)
    server.routes["/docs/lent.txt"] = drip(0.05)
    server.routes["/docs/a.txt"] = ok(notice(1))
    server.routes["/docs/b.txt"] = ok(gzip.compress(notice(2)), {"Content-Encoding": "gzip"})
    source = SourceSettings("http", server.url("/avis/"))

    report = await poll(sessions, clock, source, deadline=1.0)

    assert report.sources[0].error is None
    assert sorted(o.uri.rsplit("/", 1)[-1] for o in report.outcomes) == ["a.txt", "b.txt"]
    assert [o.status for o in report.outcomes] == ["stored", "stored"]
    text = await status_text(sessions)
    assert "boucle.txt — 1 échec," in text
    assert "trop de redirections" in text
    assert "contenu compressé invalide" in text
    assert "contenu compressé tronqué" in text
    assert "délai dépassé (1 s)" in text
    assert "ignoré : http://[::1 — lien refusé : adresse invalide" in text


async def test_a_failing_link_is_retried_after_a_growing_delay_then_forgotten(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    server.routes["/avis/"] = ok(page("/docs/panne.txt"))
    server.routes["/docs/panne.txt"] = status(500)
    source = SourceSettings("http", server.url("/avis/"))

    async def tried_after(minutes: int) -> bool:
        clock.advance(timedelta(minutes=minutes))
        before = server.paths().count("/docs/panne.txt")
        await poll(sessions, clock, source)
        return server.paths().count("/docs/panne.txt") > before

    assert await tried_after(0)  # failure 1: wait 5 minutes
    assert not await tried_after(4)
    assert await tried_after(2)  # failure 2: wait 10 minutes
    assert not await tried_after(9)
    assert await tried_after(2)
    assert "panne.txt — 3 échecs," in await status_text(sessions)

    server.routes["/docs/panne.txt"] = ok(notice(1))
    assert await tried_after(21)
    assert "lien en échec" not in await status_text(sessions)


async def test_a_page_that_drips_forever_fails_by_its_deadline(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    server.routes["/avis/"] = drip(0.05)
    source = SourceSettings("http", server.url("/avis/"))

    async with asyncio.timeout(30):  # generous: without a deadline this never ends
        report = await poll(sessions, clock, source, deadline=0.5)

    assert report.sources[0].error == f"{source.location} : délai dépassé (0.5 s)"
    assert len(server.requests) == 1  # a page that took the whole deadline is not retried
