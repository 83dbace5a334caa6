import importlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import LimitSettings
from postes.jobs.document_limits import read_document
from postes.jobs.extensions import enqueue_extension_notices
from postes.jobs.ingest import ingest_documents, ingest_paths, ingest_samples
from postes.jobs.localtime import NOUMEA
from postes.jobs.parse_worker import ParseWorker, ParseWorkerError
from postes.offers.model import Offer
from postes.samples import sample_documents
from postes.storage.documents import list_rejected_documents
from postes.storage.models import OfferRow
from postes.storage.offers import count_open_offers, get_offer
from tests.jobs.factories import follow, make_chat

TODAY = date(2025, 7, 14)  # the `clock` fixture's day in Nouméa
NOTICE = """Gestionnaire comptable

Référence : 3134-25-0701/SR du 02/07/2025

Employeur : Province Nord

Corps ou cadre d'emploi /Domaine : Rédacteur (B)

Lieu de travail : Koné

Date de dépôt de l’offre : {published}

Date limite de candidature : {deadline}

# Détails de l’offre :

La direction des finances prépare et exécute le budget de la province.
"""


def notice(deadline: str = "31/07/2025", published: str = "02/07/2025") -> bytes:
    return NOTICE.format(deadline=deadline, published=published).encode()


async def count_offers(sessions: async_sessionmaker) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(OfferRow))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good notices, one text that is no notice, one broken PDF, one file to skip."""
    folder = tmp_path / "avis"
    folder.mkdir()
    (folder / "a-comptable.txt").write_bytes(notice())
    name, data = sample_documents(TODAY)[0]
    (folder / f"b-{name}").write_bytes(data)
    (folder / "c-bonjour.txt").write_text("Bonjour, la réunion est reportée.")
    (folder / "d-casse.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "notes.csv").write_text("ignored")
    return folder


async def test_folder_with_bad_files_still_ingests_the_good_ones(
    sessions: async_sessionmaker, clock: FakeClock, folder: Path
) -> None:
    outcomes = await ingest_paths(sessions=sessions, paths=[folder], clock=clock)

    assert [(Path(o.uri).name, o.status) for o in outcomes] == [
        ("a-comptable.txt", "stored"),
        ("b-01-province-sud-attache.txt", "stored"),
        ("c-bonjour.txt", "rejected"),
        ("d-casse.pdf", "rejected"),
    ]
    assert all(o.reason for o in outcomes if o.status == "rejected")
    assert await count_offers(sessions) == 2


async def test_rejected_documents_are_recorded_with_their_reason(
    sessions: async_sessionmaker, clock: FakeClock, folder: Path
) -> None:
    await ingest_paths(sessions=sessions, paths=[folder], clock=clock)

    async with sessions() as session:
        rejected = await list_rejected_documents(session=session, limit=10)
    assert sorted(Path(d.uri).name for d in rejected) == ["c-bonjour.txt", "d-casse.pdf"]
    assert all(d.reason and d.offer_id is None for d in rejected)


async def test_ingesting_the_same_folder_again_changes_nothing(
    sessions: async_sessionmaker, clock: FakeClock, folder: Path
) -> None:
    await ingest_paths(sessions=sessions, paths=[folder], clock=clock)
    again = await ingest_paths(sessions=sessions, paths=[folder], clock=clock)

    assert [o.status for o in again] == ["unchanged", "unchanged", "rejected", "rejected"]
    assert await count_offers(sessions) == 2


async def test_extension_notice_updates_the_offer_and_reports_the_new_deadline(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    [first] = await ingest_documents(
        sessions=sessions, documents=[("avis.txt", notice())], source="test", clock=clock
    )
    extension = notice(deadline="15/08/2025", published="20/07/2025")
    [second] = await ingest_documents(
        sessions=sessions, documents=[("prorogation.txt", extension)], source="test", clock=clock
    )

    assert (first.status, second.status) == ("stored", "updated")
    assert second.offer_id == first.offer_id
    assert second.deadline_change == (date(2025, 7, 31), date(2025, 8, 15))


async def test_missing_path_is_reported_as_rejected(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    [outcome] = await ingest_paths(sessions=sessions, paths=[tmp_path / "absent.txt"], clock=clock)

    assert (outcome.status, outcome.reason) == ("rejected", "Fichier introuvable")


def buggy_reader(data: bytes, filename: str, *, source: str, limits: LimitSettings) -> Offer:
    """The real reader, with a bug on `boom.txt`; runs in the worker process."""
    if filename == "boom.txt":
        raise RuntimeError("bug in the parser")
    return read_document(data, filename, source=source, limits=limits)


@pytest.fixture
def buggy_worker() -> Iterator[ParseWorker]:
    worker = ParseWorker(reader=buggy_reader)
    yield worker
    worker.close()


async def test_parser_crash_rejects_only_that_document(
    sessions: async_sessionmaker, clock: FakeClock, buggy_worker: ParseWorker
) -> None:
    outcomes = await ingest_documents(
        sessions=sessions,
        documents=[("boom.txt", b"x"), ("avis.txt", notice())],
        source="test",
        clock=clock,
        worker=buggy_worker,
    )

    assert [o.status for o in outcomes] == ["rejected", "stored"]
    assert "bug in the parser" in (outcomes[0].reason or "")


async def test_samples_are_stored_open_on_the_local_day(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    outcomes = await ingest_samples(sessions=sessions, clock=clock, zone=NOUMEA)

    assert outcomes
    assert {o.status for o in outcomes} == {"stored"}
    async with sessions() as session:
        assert await count_open_offers(session=session, today=TODAY) == len(outcomes)


@pytest.fixture
def unstartable_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ParseWorker]:
    """A worker whose reader's module is gone by the time the worker process imports it."""
    module = tmp_path / "vanishing_reader.py"
    module.write_text("def read(data, filename, *, source, limits):\n    raise AssertionError\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    reader = importlib.import_module("vanishing_reader").read
    module.unlink()
    worker = ParseWorker(reader=reader)
    yield worker
    worker.close()


async def test_worker_that_cannot_start_fails_the_run_and_sets_nothing_aside(
    sessions: async_sessionmaker, clock: FakeClock, unstartable_worker: ParseWorker
) -> None:
    with pytest.raises(ParseWorkerError, match="did not start"):
        await ingest_documents(
            sessions=sessions,
            documents=[("avis.txt", notice())],
            source="test",
            clock=clock,
            worker=unstartable_worker,
        )

    async with sessions() as session:
        assert await list_rejected_documents(session=session) == []


async def test_samples_loaded_again_the_next_day_announce_nothing(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    [first, *_] = await ingest_samples(sessions=sessions, clock=clock, zone=NOUMEA)
    chat = await make_chat(sessions, clock(), 1)
    await follow(sessions, chat, first.offer_id or 0, clock())

    clock.advance(timedelta(days=1))
    again = await ingest_samples(sessions=sessions, clock=clock, zone=NOUMEA)

    assert {o.status for o in again} == {"updated"}  # re-dated, still open
    assert await enqueue_extension_notices(sessions=sessions, clock=clock) == 0
    async with sessions() as session:
        row = await get_offer(session=session, offer_id=first.offer_id or 0)
    assert row is not None
    assert row.initial_deadline is None  # not shown as "prolongée" either
