"""Operators' corrections survive re-ingesting the notice; flagged offers are listed."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.ingest import ingest_document
from postes.storage.corrections import list_corrections, set_correction
from postes.storage.models import OfferChangeRow
from postes.storage.offers import get_offer_by_reference
from postes.storage.review import apply_stored_corrections, find_offer, list_offers_to_review

NOTICE = """# Juriste en droit de l'urbanisme

Référence : 3134-25-0901/SR du 01/07/2025
Employeur : Province Sud
Corps : Attaché
Date de dépôt de l'offre : 01/07/2025

Les candidatures sont à adresser à la DRH. {extra}
"""


async def _ingest(sessions: async_sessionmaker, clock: FakeClock, text: str) -> int:
    outcome = await ingest_document(
        sessions=sessions, uri="/inbox/avis.txt", data=text.encode(), source="cli", clock=clock
    )
    assert outcome.offer_id is not None, outcome.reason
    return outcome.offer_id


async def test_notice_without_deadline_is_listed_for_review(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer_id = await _ingest(sessions, clock, NOTICE.format(extra=""))
    async with sessions() as session:
        flagged = await list_offers_to_review(session=session, today=date(2025, 7, 14))
    assert [(o.id, o.review) for o in flagged] == [
        (offer_id, "date limite introuvable : vérifier l'avis")
    ]


async def test_corrected_deadline_survives_reingesting_a_changed_notice(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer_id = await _ingest(sessions, clock, NOTICE.format(extra=""))
    async with sessions() as session, session.begin():
        row = await find_offer(session=session, key="3134-25-0901/sr")
        assert row is not None
        await set_correction(
            session=session, offer_id=row.id, field="deadline", value="2025-10-03", now=clock()
        )
        await set_correction(
            session=session, offer_id=row.id, field="deadline_time", value="16:00", now=clock()
        )
        await apply_stored_corrections(session=session, row=row, now=clock())

    clock.advance(timedelta(days=1))
    # The publisher touches the notice (same reference): it is parsed and saved again.
    again = await _ingest(sessions, clock, NOTICE.format(extra="Poste ouvert aux contractuels."))

    async with sessions() as session:
        row = await get_offer_by_reference(session=session, reference="3134-25-0901/SR")
        flagged = await list_offers_to_review(session=session, today=date(2025, 7, 14))
        corrections = await list_corrections(session=session, offer_id=offer_id)
    assert row is not None
    assert again == offer_id == row.id
    assert "contractuels" in row.body  # the new text was read
    assert (row.deadline, row.deadline_time, row.open_until) == (
        date(2025, 10, 3),
        "16:00",
        date(2025, 10, 3),
    )
    assert (row.review, row.found["deadline"]) == (None, "corrected")
    assert flagged == []
    assert corrections == {"deadline": "2025-10-03", "deadline_time": "16:00"}
    assert time.fromisoformat(row.deadline_time) == time(16, 0)


async def test_correcting_a_known_deadline_tells_who_was_told_the_old_one(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer_id = await _ingest(
        sessions, clock, NOTICE.format(extra="Date limite de candidature : 25/07/2025")
    )
    async with sessions() as session, session.begin():
        row = await find_offer(session=session, key=f"#{offer_id}")
        assert row is not None
        await set_correction(
            session=session, offer_id=row.id, field="deadline", value="2025-08-25", now=clock()
        )
        change = await apply_stored_corrections(session=session, row=row, now=clock())
    async with sessions() as session:
        changes = list(await session.scalars(select(OfferChangeRow)))
    assert change == (date(2025, 7, 25), date(2025, 8, 25))
    assert [(c.old_value, c.new_value) for c in changes] == [("2025-07-25", "2025-08-25")]
