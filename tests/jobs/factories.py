"""Small factories for job tests: chats, subscriptions and offers in the database."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.offers.model import Corps, Offer
from postes.offers.query import parse_query
from postes.storage.chats import follow_offer, get_or_create_chat, update_chat_settings
from postes.storage.models import OutboxRow
from postes.storage.offers import save_offer
from postes.storage.subscriptions import add_subscription


async def make_chat(
    sessions: async_sessionmaker, now: datetime, external_id: int, **settings: Any
) -> int:
    """A chat (private when the id is positive) with optional settings; return its id."""
    async with sessions() as session, session.begin():
        chat = await get_or_create_chat(
            session=session,
            platform="telegram",
            external_id=str(external_id),
            kind="private" if external_id > 0 else "group",
            now=now,
        )
        if settings:
            await update_chat_settings(session=session, chat_id=chat.id, **settings)
        return chat.id


async def subscribe(sessions: async_sessionmaker, chat_id: int, text: str, now: datetime) -> int:
    """A subscription written as a user types it (`corps:attaché informatique`)."""
    async with sessions() as session, session.begin():
        query = parse_query(text)
        row = await add_subscription(
            session=session, chat_id=chat_id, query=query, keywords=list(query.words), now=now
        )
        return row.id


async def make_offer(
    sessions: async_sessionmaker,
    now: datetime,
    *,
    title: str = "Attaché informatique – chef de projet",
    employer: str = "Province Sud",
    corps: str = "Attaché",
    deadline: date | None = date(2025, 8, 1),
    reference: str | None = None,
    body: str = "Conduite de projets informatiques au sein de la direction du numérique.",
) -> int:
    """Store an offer as ingest would; return its id."""
    offer = Offer(
        title=title,
        body=body,
        reference=reference,
        employer=employer,
        corps=[Corps(corps, category="A")],
        deadline=deadline,
        workplace="Nouméa",
    )
    async with sessions() as session, session.begin():
        return (await save_offer(session=session, offer=offer, now=now)).offer_id


async def follow(sessions: async_sessionmaker, chat_id: int, offer_id: int, now: datetime) -> None:
    async with sessions() as session, session.begin():
        await follow_offer(session=session, chat_id=chat_id, offer_id=offer_id, now=now)


async def outbox(sessions: async_sessionmaker, *kinds: str) -> list[OutboxRow]:
    """Outbox rows, oldest first, optionally only kinds starting with one of `kinds`."""
    async with sessions() as session:
        rows = list(await session.scalars(select(OutboxRow).order_by(OutboxRow.id)))
    return [row for row in rows if not kinds or row.kind.startswith(kinds)]
