"""Documents over the size limit are set aside once, with the reason, and never held whole."""

from __future__ import annotations

import gzip
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import SourceSettings
from postes.jobs.status import collect_status, format_status
from postes.storage.documents import list_rejected_documents
from tests.hostile.notices import notice
from tests.hostile.polling import LIMIT, poll
from tests.hostile.server import Flood, HostileServer, ok, page

BIG = 1024 * 1024  # 16 times the limit
FLOOD = 64 * BIG  # more than the kernel's socket buffers take in before we hang up


async def test_linked_documents_over_the_limit_are_set_aside_once_unread(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    announced = Flood(BIG, announce=True, start=notice(1))
    unannounced = Flood(FLOOD, announce=False, start=notice(2))
    bomb = gzip.compress(notice(3) + b" " * BIG)  # 1 KB on the wire
    server.routes["/avis/"] = ok(page("/docs/annonce.txt", "/docs/flot.txt", "/docs/bombe.txt"))
    server.routes["/docs/annonce.txt"] = announced
    server.routes["/docs/flot.txt"] = unannounced
    server.routes["/docs/bombe.txt"] = ok(bomb, {"Content-Encoding": "gzip"})
    source = SourceSettings("http", server.url("/avis/"))

    first = await poll(sessions, clock, source)
    clock.advance(timedelta(hours=1))
    second = await poll(sessions, clock, source)

    assert first.outcomes == second.outcomes == []
    assert first.sources[0].error is None
    assert server.paths().count("/docs/flot.txt") == 1  # not retried
    assert unannounced.sent < FLOOD / 2  # we hung up early
    async with sessions() as session:
        rejected = {
            r.uri.rsplit("/", 1)[-1]: r.reason
            for r in await list_rejected_documents(session=session)
        }
    assert sorted(rejected) == ["annonce.txt", "bombe.txt", "flot.txt"]
    assert rejected["annonce.txt"] == (
        "Document trop volumineux : 1 Mo annoncés, limite 65536 octets, non téléchargé"
    )
    assert rejected["flot.txt"] == (
        "Document trop volumineux : plus de 65536 octets, non téléchargé"
    )
    assert "Document trop volumineux" in format_status(await collect_status(sessions=sessions))


async def test_a_folder_file_over_the_limit_is_set_aside_unread_until_it_changes(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    big = tmp_path / "gros.txt"
    big.write_bytes(notice(1) + b" " * LIMIT)
    source = SourceSettings("folder", str(tmp_path))

    first = await poll(sessions, clock, source)
    clock.advance(timedelta(hours=1))
    second = await poll(sessions, clock, source)
    async with sessions() as session:
        (rejected,) = await list_rejected_documents(session=session)

    assert first.outcomes == second.outcomes == []
    assert rejected.reason is not None
    assert rejected.reason.startswith("Fichier trop volumineux : 65")
    assert rejected.reason.endswith(", limite 65536 octets, non lu")
    assert rejected.seen_at.replace(tzinfo=None) == (clock() - timedelta(hours=1)).replace(
        tzinfo=None
    )  # recorded once, not at every poll

    big.write_bytes(notice(1))  # now small enough
    third = await poll(sessions, clock, source)
    assert [o.status for o in third.outcomes] == ["stored"]
