"""A question the chat should answer with its next plain message, kept in the database.

Only one at a time (a new question replaces the old one); it lapses after `LIFETIME`, so a
flow abandoned yesterday does not swallow today's search.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.common import ChatRef, find_chat, load_chat
from postes.storage import chats as chat_store

LIFETIME = timedelta(minutes=30)


async def ask(
    *, sessions: async_sessionmaker, chat: ChatRef, question: dict[str, Any], now: datetime
) -> None:
    """Remember that the chat's next plain message answers `question` (JSON values)."""
    async with sessions() as session, session.begin():
        stored = await load_chat(session=session, chat=chat, now=now)
        await chat_store.set_pending_question(
            session=session, chat_id=stored.id, question={**question, "at": now.isoformat()}
        )


async def current(
    *, sessions: async_sessionmaker, chat: ChatRef, now: datetime
) -> dict[str, Any] | None:
    """The question the chat still owes an answer to, if it has not lapsed."""
    async with sessions() as session:
        stored = await find_chat(session=session, chat=chat)
    question = stored.pending if stored is not None else None
    if not question:
        return None
    try:
        asked = datetime.fromisoformat(str(question.get("at")))
    except ValueError:
        return None
    return question if asked <= now < asked + LIFETIME else None


async def forget(*, sessions: async_sessionmaker, chat: ChatRef) -> None:
    """Nothing is pending any more (cancelled)."""
    async with sessions() as session, session.begin():
        stored = await find_chat(session=session, chat=chat)
        if stored is not None and stored.pending is not None:
            await chat_store.set_pending_question(session=session, chat_id=stored.id, question=None)
