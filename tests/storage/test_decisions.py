"""Decisions on offers: recorded once, changed, undone; racing taps neither fail nor double."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.storage.decisions import (
    APPLIED,
    DISMISSED,
    decide,
    decisions_of_chat,
    undo_decision,
)
from postes.storage.models import DecisionRow
from tests.jobs.factories import make_chat, make_offer


async def _decide(sessions: async_sessionmaker, chat: int, offer: int, what: str, clock) -> bool:
    async with sessions() as session, session.begin():
        return await decide(
            session=session, chat_id=chat, offer_id=offer, decision=what, now=clock()
        )


async def test_a_decision_is_recorded_once_changed_and_undone(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1)
    offer = await make_offer(sessions, clock())

    assert await _decide(sessions, chat, offer, APPLIED, clock)
    assert not await _decide(sessions, chat, offer, APPLIED, clock)
    assert await _decide(sessions, chat, offer, DISMISSED, clock)
    async with sessions() as session:
        assert await decisions_of_chat(session=session, chat_id=chat) == {offer: DISMISSED}
    async with sessions() as session, session.begin():
        assert await undo_decision(session=session, chat_id=chat, offer_id=offer) == DISMISSED
        assert await undo_decision(session=session, chat_id=chat, offer_id=offer) is None


async def test_two_racing_taps_record_one_decision(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1)
    offer = await make_offer(sessions, clock())

    results = await asyncio.gather(
        *(_decide(sessions, chat, offer, APPLIED, clock) for _ in range(4))
    )

    assert sorted(results) == [False, False, False, True]
    async with sessions() as session:
        assert await session.scalar(select(func.count(DecisionRow.id))) == 1
