from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.offers.model import Corps, Offer
from postes.storage.deadline_history import list_pending_deadline_changes, mark_change_notified
from postes.storage.models import OfferChangeRow, OfferRow
from postes.storage.offers import (
    count_open_offers,
    get_offer,
    get_offer_by_reference,
    list_recent_open_offers,
    offer_from_row,
    save_offer,
)

NOW = datetime(2025, 7, 13, 22, 0, tzinfo=UTC)
TODAY = date(2025, 7, 14)


def make_offer(**fields: object) -> Offer:
    values: dict[str, object] = {
        "title": "Chargé d'études en informatique",
        "body": "Le service recrute un agent pour ses projets.",
        "reference": "3134-25-0834/SR",
        "employer": "Province Sud",
        "direction": "Direction des systèmes d'information",
        "corps": [Corps("Ingénieur", "2ème grade", "Informatique", "A")],
        "workplace": "Nouméa",
        "published_on": date(2025, 7, 1),
        "deadline": date(2025, 7, 31),
        "unreadable": {"start_text": "fin août"},
    }
    values.update(fields)
    return Offer(**values)  # type: ignore[arg-type]


async def save(sessions: async_sessionmaker, offer: Offer, now: datetime = NOW):
    async with sessions() as session, session.begin():
        return await save_offer(session=session, offer=offer, now=now)


async def count_rows(sessions: async_sessionmaker, model: type) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_new_notice_is_stored(sessions: async_sessionmaker) -> None:
    result = await save(sessions, make_offer())

    assert result.status == "stored"
    assert result.deadline_change is None
    async with sessions() as session:
        row = await get_offer(session=session, offer_id=result.offer_id)
    assert row is not None
    assert row.title == "Chargé d'études en informatique"


async def test_same_notice_saved_twice_is_unchanged(sessions: async_sessionmaker) -> None:
    first = await save(sessions, make_offer())
    second = await save(sessions, make_offer(), NOW + timedelta(hours=1))

    assert (second.status, second.offer_id) == ("unchanged", first.offer_id)
    assert await count_rows(sessions, OfferRow) == 1


async def test_notice_with_same_reference_is_updated_not_duplicated(
    sessions: async_sessionmaker,
) -> None:
    first = await save(sessions, make_offer())
    second = await save(sessions, make_offer(body="Texte corrigé.", reference="3134-25-0834/sr"))

    assert (second.status, second.offer_id) == ("updated", first.offer_id)
    assert await count_rows(sessions, OfferRow) == 1
    async with sessions() as session:
        row = await get_offer(session=session, offer_id=first.offer_id)
    assert row is not None
    assert row.body == "Texte corrigé."


async def test_notice_without_reference_is_recognised_by_its_text(
    sessions: async_sessionmaker,
) -> None:
    first = await save(sessions, make_offer(reference=None))
    second = await save(sessions, make_offer(reference=None, source="ailleurs.pdf"))

    assert (second.status, second.offer_id) == ("unchanged", first.offer_id)
    assert await count_rows(sessions, OfferRow) == 1


async def test_moved_deadline_is_recorded_with_old_and_new_dates(
    sessions: async_sessionmaker,
) -> None:
    first = await save(sessions, make_offer())
    later = make_offer(deadline=date(2025, 8, 15), published_on=date(2025, 7, 20))
    second = await save(sessions, later)

    assert second.status == "updated"
    assert second.deadline_change == (date(2025, 7, 31), date(2025, 8, 15))
    async with sessions() as session:
        changes = await list_pending_deadline_changes(session=session)
    assert [(c.offer_id, c.field, c.old_value, c.new_value) for c in changes] == [
        (first.offer_id, "deadline", "2025-07-31", "2025-08-15")
    ]
    assert changes[0].offer.deadline == date(2025, 8, 15)


async def test_extended_deadline_keeps_the_first_one_as_initial(
    sessions: async_sessionmaker,
) -> None:
    first = await save(sessions, make_offer())
    await save(sessions, make_offer(deadline=date(2025, 8, 15)))
    again = await save(sessions, make_offer(deadline=date(2025, 8, 15)))

    assert again.status == "unchanged"
    async with sessions() as session:
        row = await get_offer(session=session, offer_id=first.offer_id)
    assert row is not None
    assert row.initial_deadline == date(2025, 7, 31)


async def test_older_version_of_a_notice_does_not_revert_the_newer(
    sessions: async_sessionmaker,
) -> None:
    extension = make_offer(deadline=date(2025, 8, 15), published_on=date(2025, 7, 20))
    await save(sessions, extension)
    result = await save(sessions, make_offer())

    assert result.status == "unchanged"
    assert await count_rows(sessions, OfferChangeRow) == 0


async def test_notified_change_is_no_longer_pending(sessions: async_sessionmaker) -> None:
    await save(sessions, make_offer())
    await save(sessions, make_offer(deadline=date(2025, 8, 15)))
    async with sessions() as session, session.begin():
        [change] = await list_pending_deadline_changes(session=session)
        await mark_change_notified(session=session, change_id=change.id, now=NOW)

    async with sessions() as session:
        assert await list_pending_deadline_changes(session=session) == []


async def test_reference_lookup_ignores_case_and_spaces(sessions: async_sessionmaker) -> None:
    stored = await save(sessions, make_offer())

    async with sessions() as session:
        row = await get_offer_by_reference(session=session, reference=" 3134-25- 0834/sr ")
        missing = await get_offer_by_reference(session=session, reference="9999-25-0001/SR")
    assert row is not None
    assert row.id == stored.offer_id
    assert missing is None


async def test_row_converts_back_to_the_same_offer(sessions: async_sessionmaker) -> None:
    offer = make_offer(source="avis.pdf")
    stored = await save(sessions, offer)

    async with sessions() as session:
        row = await get_offer(session=session, offer_id=stored.offer_id)
    assert row is not None
    assert offer_from_row(row) == offer


async def test_search_text_holds_stems_of_workplace_and_corps(
    sessions: async_sessionmaker,
) -> None:
    stored = await save(sessions, make_offer(title="Directrice", workplace="Koné"))

    async with sessions() as session:
        row = await get_offer(session=session, offer_id=stored.offer_id)
    assert row is not None
    assert {"directeur", "kone", "ingenieur", "2eme", "informatique"} <= set(
        row.search_text.split()
    )


async def test_open_offers_include_deadline_today_and_none(
    sessions: async_sessionmaker,
) -> None:
    for number, deadline in enumerate([TODAY - timedelta(days=1), TODAY, None]):
        await save(sessions, make_offer(reference=f"1000-25-000{number}/SR", deadline=deadline))

    async with sessions() as session:
        assert await count_open_offers(session=session, today=TODAY) == 2
        rows = await list_recent_open_offers(session=session, today=TODAY, limit=10)
    assert {row.deadline for row in rows} == {TODAY, None}


async def test_recent_open_offers_are_newest_first_and_paged(
    sessions: async_sessionmaker,
) -> None:
    for day in (3, 1, 2):
        await save(
            sessions,
            make_offer(reference=f"2000-25-000{day}/SR", published_on=date(2025, 7, day)),
        )

    async with sessions() as session:
        first = await list_recent_open_offers(session=session, today=TODAY, limit=2)
        rest = await list_recent_open_offers(session=session, today=TODAY, limit=2, offset=2)
    assert [r.published_on.day for r in first + rest if r.published_on] == [3, 2, 1]


async def test_unannounced_earlier_deadline_is_kept_out_and_flagged(
    sessions: async_sessionmaker,
) -> None:
    first = await save(sessions, make_offer(deadline=date(2025, 8, 15)))
    result = await save(sessions, make_offer(deadline=date(2025, 8, 1)))

    assert result.status == "unchanged"
    async with sessions() as session:
        row = await get_offer(session=session, offer_id=first.offer_id)
    assert row is not None
    assert row.deadline == date(2025, 8, 15)
    assert row.review is not None
    assert "01/08/2025" in row.review
    assert await count_rows(sessions, OfferChangeRow) == 0


async def test_announced_shortening_is_stored_as_a_change(sessions: async_sessionmaker) -> None:
    await save(sessions, make_offer(deadline=date(2025, 8, 15)))
    result = await save(
        sessions, make_offer(deadline=date(2025, 8, 1), initial_deadline=date(2025, 8, 15))
    )

    assert result.deadline_change == (date(2025, 8, 15), date(2025, 8, 1))
    async with sessions() as session:
        [change] = await list_pending_deadline_changes(session=session)
    assert (change.old_value, change.new_value) == ("2025-08-15", "2025-08-01")
