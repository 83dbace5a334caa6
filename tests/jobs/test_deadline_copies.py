"""Issue 10, item 1: copies of a notice read again never move its deadline back.

End to end through the ingest path: files in a folder, ingested as a folder source would be,
then the deadline notices the scheduler would enqueue, rendered as they would be sent.
"""

from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.conversation.offer_detail import render_offer
from postes.jobs.compose import Known, render
from postes.jobs.extensions import enqueue_extension_notices
from postes.jobs.ingest import ingest_paths
from postes.storage.models import OfferRow
from postes.storage.offers import get_offer_by_reference
from tests.jobs.factories import follow, make_chat, outbox

TODAY = date(2025, 7, 14)
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
ORIGINAL = NOTICE.format(deadline="04/08/2025")
AMENDED = NOTICE.format(deadline="11/08/2025 (prorogée, initialement prévue le 04/08/2025)")
SHORTENED = NOTICE.format(deadline="ramenée au 08/08/2025 au lieu du 11/08/2025")


async def offer(sessions: async_sessionmaker) -> OfferRow:
    async with sessions() as session:
        row = await get_offer_by_reference(session=session, reference="3134-25-0701/SR")
    assert row is not None
    return row


async def ingest(sessions: async_sessionmaker, clock: FakeClock, folder: Path) -> list[str]:
    outcomes = await ingest_paths(sessions=sessions, paths=[folder], clock=clock)
    return [f"{Path(o.uri).name}:{o.status}" for o in outcomes]


async def test_old_copy_changes_nothing_and_announced_shortening_warns_followers(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-avis.txt").write_text(ORIGINAL)
    assert await ingest(sessions, clock, folder) == ["a-avis.txt:stored"]
    chat = await make_chat(sessions, clock(), 1)
    await follow(sessions, chat, (await offer(sessions)).id, clock())

    (folder / "b-avis-prorogation.txt").write_text(AMENDED)
    await ingest(sessions, clock, folder)
    assert await enqueue_extension_notices(sessions=sessions, clock=clock) == 1

    # The original dropped again under another name: an old copy, not a change.
    (folder / "c-copie-avis.txt").write_text(ORIGINAL)
    assert await ingest(sessions, clock, folder) == [
        "a-avis.txt:unchanged",
        "b-avis-prorogation.txt:unchanged",
        "c-copie-avis.txt:unchanged",
    ]
    row = await offer(sessions)
    assert (row.deadline, row.initial_deadline) == (date(2025, 8, 11), date(2025, 8, 4))
    assert await enqueue_extension_notices(sessions=sessions, clock=clock) == 0
    detail = render_offer(row, TODAY, followed=True).reply.text
    assert "11/08" in detail
    assert "prolongée (initialement le" in detail

    # A document announcing a shortening: accepted, and told in its own words.
    (folder / "d-avis-modificatif.txt").write_text(SHORTENED)
    assert (await ingest(sessions, clock, folder))[-1] == "d-avis-modificatif.txt:updated"
    assert (await offer(sessions)).deadline == date(2025, 8, 8)
    assert await enqueue_extension_notices(sessions=sessions, clock=clock) == 1
    [notice] = await outbox(sessions, "shortening")
    assert notice.kind == "shortening:2025-08-08"
    reply = render(notice, Known(offers={notice.offer_id: await offer(sessions)}), TODAY)
    assert not isinstance(reply, str)
    assert "Date limite avancée" in reply.text
    assert "au lieu du" in reply.text

    # Neither earlier copy brings its date back.
    (folder / "e-copie-prorogation.txt").write_text(AMENDED)
    (folder / "f-copie-avis.txt").write_text(ORIGINAL)
    assert (await ingest(sessions, clock, folder))[-2:] == [
        "e-copie-prorogation.txt:unchanged",
        "f-copie-avis.txt:unchanged",
    ]
    assert (await offer(sessions)).deadline == date(2025, 8, 8)
    assert await enqueue_extension_notices(sessions=sessions, clock=clock) == 0
