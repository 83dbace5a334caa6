"""Polling: folders and web pages, validators, failures kept to their source, rejects kept."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import SourceSettings
from postes.jobs.links import find_document_links
from postes.jobs.localtime import NOUMEA
from postes.jobs.poll import run_poll
from postes.storage.documents import list_rejected_documents
from postes.storage.sources import get_source_state
from tests.jobs.factories import make_chat, outbox, subscribe

# The tests write whole files before polling: no need to wait for them to settle.
NO_SETTLE = timedelta(0)

NOTICE = """Gestionnaire comptable

Référence : 3134-25-0701/SR du 02/07/2025

Employeur : Province Nord

Corps ou cadre d'emploi /Domaine : Rédacteur (B)

Lieu de travail : Koné

Date de dépôt de l’offre : 02/07/2025

Date limite de candidature : {deadline}

# Détails de l’offre :

La direction des finances prépare et exécute le budget de la province.
"""
PAGE_URL = "https://emploi.example.nc/avis/"
PAGE = """<html><body><ul>
<li><a href="/docs/comptable.txt">Gestionnaire comptable</a></li>
<li><a href="https://emploi.example.nc/voir?id=7">Avis de vacance n° 7</a></li>
<li><a href="/contact">Nous contacter</a></li>
</ul></body></html>"""


def notice(deadline: str = "31/07/2025") -> bytes:
    return NOTICE.format(deadline=deadline).encode()


async def noop_sleep(_: float) -> None:
    """Retries back off on virtual time: the test never waits."""


class Site:
    """A web site answering with validators; counts what was requested."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.documents = {
            "/docs/comptable.txt": notice(),
            "/voir": b"Bonjour, la permanence est fermee lundi.",
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host == "down.example.nc":
            return httpx.Response(503)
        if request.url.path == "/avis/":
            if request.headers.get("if-none-match") == '"v1"':
                return httpx.Response(304)
            return httpx.Response(200, text=PAGE, headers={"ETag": '"v1"'})
        data = self.documents.get(request.url.path)
        return httpx.Response(200, content=data) if data else httpx.Response(404)

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


def test_links_to_documents_are_found_by_suffix_or_by_wording() -> None:
    assert find_document_links(PAGE, PAGE_URL) == [
        "https://emploi.example.nc/docs/comptable.txt",
        "https://emploi.example.nc/voir?id=7",
    ]


async def test_http_source_ingests_new_documents_then_honours_the_etag(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1)
    await subscribe(sessions, chat, "comptable", clock())
    site = Site()
    source = SourceSettings("http", PAGE_URL)
    async with httpx.AsyncClient(transport=httpx.MockTransport(site)) as client:
        first = await run_poll(
            sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, client=client
        )
        second = await run_poll(
            sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, client=client
        )

    assert sorted(o.status for o in first.outcomes) == ["rejected", "stored"]
    assert first.alerts == 1
    assert [r.kind for r in await outbox(sessions)] == ["alert"]
    assert second.outcomes == []
    assert site.paths() == ["/avis/", "/docs/comptable.txt", "/voir", "/avis/"]
    assert site.requests[-1].headers["if-none-match"] == '"v1"'
    async with sessions() as session:
        state = await get_source_state(session=session, key=source.key)
    assert state is not None
    assert (state.etag, state.last_error) == ('"v1"', None)


async def test_a_failing_source_does_not_stop_the_others(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "avis"
    folder.mkdir()
    (folder / "comptable.txt").write_bytes(notice())
    broken = SourceSettings("http", "https://down.example.nc/avis/")
    missing = SourceSettings("folder", str(tmp_path / "nowhere"))
    good = SourceSettings("folder", str(folder))
    site = Site()
    async with httpx.AsyncClient(transport=httpx.MockTransport(site)) as client:
        report = await run_poll(
            sessions=sessions,
            sources=[broken, missing, good],
            clock=clock,
            zone=NOUMEA,
            client=client,
            sleep=noop_sleep,
            settle=NO_SETTLE,
        )

    errors = {s.key: s.error for s in report.sources}
    assert "HTTP 503 (après 3 essais)" in errors[broken.key]
    assert "dossier introuvable" in errors[missing.key]
    assert errors[good.key] is None
    assert [o.status for o in report.outcomes] == ["stored"]
    assert len(site.requests) == 3  # retried with backoff before giving up
    async with sessions() as session:
        state = await get_source_state(session=session, key=broken.key)
    assert state is not None
    assert state.last_ok_at is None
    assert "503" in state.last_error


async def test_folder_documents_are_read_once_and_rejects_kept_not_retried(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "avis"
    folder.mkdir()
    (folder / "comptable.txt").write_bytes(notice())
    (folder / "bonjour.txt").write_text("Bonjour, la réunion est reportée.")
    source = SourceSettings("folder", str(folder))

    async def poll() -> list[str]:
        report = await run_poll(
            sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, settle=NO_SETTLE
        )
        return sorted(o.status for o in report.outcomes)

    assert await poll() == ["rejected", "stored"]
    assert await poll() == []  # nothing new: not even the rejected file is parsed again
    async with sessions() as session:
        (rejected,) = await list_rejected_documents(session=session)
    assert rejected.uri.endswith("bonjour.txt")
    assert rejected.reason

    (folder / "comptable.txt").write_bytes(notice(deadline="15/08/2025"))
    assert await poll() == ["updated"]  # a changed file is read again


async def test_a_file_still_being_written_is_left_for_the_next_poll(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "avis"
    folder.mkdir()
    copying = folder / "comptable.txt"
    copying.write_bytes(notice()[:120])  # the first bytes of a copy in progress
    source = SourceSettings("folder", str(folder))

    early = await run_poll(sessions=sessions, sources=[source], clock=clock, zone=NOUMEA)
    copying.write_bytes(notice())
    settled = time.time() - 60
    os.utime(copying, (settled, settled))
    later = await run_poll(sessions=sessions, sources=[source], clock=clock, zone=NOUMEA)

    assert early.outcomes == []
    assert [o.status for o in later.outcomes] == ["stored"]
