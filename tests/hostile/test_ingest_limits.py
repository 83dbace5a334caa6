"""Documents over a limit are set aside at ingest, and `postes status` says why.

Issue 9: a 20 MB `.txt` became an offer matched again on every poll for a day (7 s a poll).
These run with the default limits, as the bot does without a [limits] section.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.ingest import ingest_documents, ingest_paths
from postes.jobs.status import collect_status, format_status
from postes.storage.offers import get_offer
from tests.jobs.test_ingest import notice
from tests.offers.pdf_fixture import make_pdf

MB = 1024 * 1024
PROSE = "La direction des finances prépare et exécute le budget de la province.\n"


async def ingest(sessions: async_sessionmaker, clock: FakeClock, name: str, data: bytes):
    [outcome] = await ingest_documents(
        sessions=sessions, documents=[(name, data)], source="dossier", clock=clock
    )
    return outcome


async def test_notice_padded_past_the_byte_limit_is_set_aside(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    data = notice() + PROSE.encode() * (21 * MB // len(PROSE.encode()))

    outcome = await ingest(sessions, clock, "gros.txt", data)

    assert outcome.status == "rejected"
    assert outcome.reason == "Document trop volumineux : 21 Mo (20 Mo au plus)"


async def test_file_past_the_byte_limit_is_refused_without_being_read(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "enorme.txt"
    with path.open("wb") as file:
        file.truncate(25 * MB)  # sparse: no 25 MB written

    [outcome] = await ingest_paths(sessions=sessions, paths=[path], clock=clock)

    assert outcome.status == "rejected"
    assert outcome.reason == "Document trop volumineux : 25 Mo (20 Mo au plus)"


async def test_pdf_past_the_page_limit_is_set_aside(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    lines = [line for line in notice().decode().split("\n") if line]

    outcome = await ingest(sessions, clock, "long.pdf", make_pdf([lines] * 51))

    assert outcome.status == "rejected"
    assert outcome.reason == "PDF trop long : 51 pages (50 au plus)"


async def test_notice_past_the_text_limit_is_set_aside(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    data = notice() + PROSE.encode() * 3000  # 213 000 characters of real words

    outcome = await ingest(sessions, clock, "bavard.txt", data)

    assert outcome.status == "rejected"
    assert (outcome.reason or "").startswith("Texte trop long : 21")
    assert (outcome.reason or "").endswith("caractères (200 000 au plus)")


async def test_long_description_is_stored_shortened(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    data = notice() + PROSE.encode() * 400  # 28 000 characters of description

    outcome = await ingest(sessions, clock, "detaille.txt", data)

    assert outcome.status == "stored"
    async with sessions() as session:
        offer = await get_offer(session=session, offer_id=outcome.offer_id or 0)
    assert offer is not None
    assert len(offer.body) <= 20_000
    assert "(description abrégée : l'avis complet compte 28 " in offer.body


async def test_status_lists_documents_set_aside_with_their_reason(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await ingest(sessions, clock, "bavard.txt", notice() + PROSE.encode() * 3000)

    status = format_status(await collect_status(sessions=sessions))

    assert "bavard.txt" in status
    assert "Texte trop long : 21" in status
