"""Two processes ingesting the same documents: the loser of an insert race finds the winner's row.

Issue 9: with two processes on PostgreSQL ingesting one folder, 14 documents of 96 were shown
as rejected (IntegrityError) though their offers were stored and alerted. Here two engines
(two connection pools, as two processes have) ingest the same document at once, and both
look for the existing row before either inserts, which is the race, made certain.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.ingest import IngestOutcome, ingest_documents
from postes.storage import documents, offers
from postes.storage.db import create_engine, create_sessions
from postes.storage.models import DocumentRow, OfferRow
from tests.jobs.test_ingest import notice


@pytest.fixture
async def other_sessions(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker]:
    """Sessions of a second engine on the same database, like another process's."""
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            schema = await connection.scalar(select(func.current_schema()))
        options["connect_args"] = {"server_settings": {"search_path": schema}}
    other = create_engine(engine.url.render_as_string(hide_password=False), **options)
    yield create_sessions(other)
    await other.dispose()


def meet_after_first_calls(
    function: Callable[..., Awaitable[Any]],
) -> Callable[..., Awaitable[Any]]:
    """`function`, whose first two calls return together: both looked before either wrote."""
    barrier = asyncio.Barrier(2)
    calls = 0

    async def together(**kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        result = await function(**kwargs)
        if calls <= 2:
            await asyncio.wait_for(barrier.wait(), timeout=30)
        return result

    return together


async def ingest_twice_at_once(
    sessions: async_sessionmaker, other_sessions: async_sessionmaker, data: bytes, clock: FakeClock
) -> list[IngestOutcome]:
    results = await asyncio.gather(
        *(
            ingest_documents(
                sessions=factory, documents=[("avis.txt", data)], source="dossier", clock=clock
            )
            for factory in (sessions, other_sessions)
        )
    )
    return [outcome for result in results for outcome in result]


async def count(sessions: async_sessionmaker, model: type) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_loser_of_an_offer_insert_race_finds_the_stored_offer(
    sessions: async_sessionmaker,
    other_sessions: async_sessionmaker,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        offers, "_find_same_notice", meet_after_first_calls(offers._find_same_notice)
    )

    outcomes = await ingest_twice_at_once(sessions, other_sessions, notice(), clock)

    assert sorted(o.status for o in outcomes) == ["stored", "unchanged"]
    assert outcomes[0].offer_id == outcomes[1].offer_id
    assert await count(sessions, OfferRow) == 1
    async with sessions() as session:
        [document] = (await session.scalars(select(DocumentRow))).all()
        assert (document.status, document.offer_id) in [
            ("stored", outcomes[0].offer_id),
            ("unchanged", outcomes[0].offer_id),
        ]
        assert await documents.list_rejected_documents(session=session) == []


async def test_loser_of_a_document_insert_race_records_the_same_rejection(
    sessions: async_sessionmaker,
    other_sessions: async_sessionmaker,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(documents, "find_document", meet_after_first_calls(documents.find_document))

    outcomes = await ingest_twice_at_once(
        sessions, other_sessions, b"Bonjour, la reunion est reportee.", clock
    )

    assert [o.status for o in outcomes] == ["rejected", "rejected"]
    assert outcomes[0].reason == outcomes[1].reason
    assert await count(sessions, DocumentRow) == 1
