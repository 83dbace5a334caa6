"""Two processes storing the same notice at the same moment: one offer, no reject."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from postes.clock import FakeClock
from postes.config import SourceSettings
from postes.jobs.localtime import NOUMEA
from postes.jobs.poll import run_poll
from postes.offers.model import Offer
from postes.storage.documents import record_document
from postes.storage.models import DocumentRow, OfferRow
from postes.storage.offers import save_offer

OFFER = Offer(
    title="Attaché informatique",
    body="Conduite de projets.",
    reference="3134-26-0001/SR",
    employer="Province Sud",
    deadline=date(2025, 8, 1),
)


def only_postgresql(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers: two inserts cannot race there")


async def test_same_notice_stored_by_two_transactions_at_once_is_one_offer(
    engine: AsyncEngine, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    only_postgresql(engine)
    async with sessions() as first, first.begin():
        stored = await save_offer(session=first, offer=OFFER, now=clock())

        async def second() -> tuple[str, int]:
            async with sessions() as session, session.begin():
                saved = await save_offer(session=session, offer=OFFER, now=clock())
                await record_document(
                    session=session,
                    source="web",
                    uri="https://x.nc/avis.pdf",
                    content_hash="h",
                    status=saved.status,
                    reason=None,
                    offer_id=saved.offer_id,
                    now=clock(),
                )
                return saved.status, saved.offer_id

        racing = asyncio.create_task(second())  # its insert waits for ours to commit
        await asyncio.sleep(0.3)
        assert not racing.done()
        await record_document(
            session=first,
            source="web",
            uri="https://x.nc/avis.pdf",
            content_hash="h",
            status=stored.status,
            reason=None,
            offer_id=stored.offer_id,
            now=clock(),
        )
    assert await racing == ("unchanged", stored.offer_id)
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OfferRow)) == 1
        (document,) = await session.scalars(select(DocumentRow))
    assert (document.status, document.offer_id) == ("unchanged", stored.offer_id)


async def test_a_source_polled_a_moment_ago_by_another_process_is_not_polled_again(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path
) -> None:
    source = SourceSettings("folder", str(tmp_path))
    every = timedelta(minutes=10)
    first = await run_poll(
        sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, polled_within=every / 2
    )
    clock.advance(timedelta(minutes=2))  # a new leader's first run, soon after
    second = await run_poll(
        sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, polled_within=every / 2
    )
    clock.advance(every)
    third = await run_poll(
        sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, polled_within=every / 2
    )
    assert [r.skipped for r in (first.sources + second.sources + third.sources)] == [
        False,
        True,
        False,
    ]
