"""A chat's life: first contact and return (/start), blocking the bot, and /stop."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation import messages
from postes.conversation.buttons import button
from postes.conversation.common import ChatRef, find_chat, load_chat
from postes.conversation.replies import Reply
from postes.storage import chats as chat_store
from postes.storage.chat_migration import move_chat

logger = logging.getLogger(__name__)


def greeting() -> Reply:
    """The greeting, with buttons to search or subscribe at once."""
    return Reply(
        messages.greeting(),
        ((button("🔎 Rechercher", "search"), button("🔔 S'abonner", "subscribe.flow", "")),),
    )


def help_reply() -> Reply:
    """The list of commands."""
    return Reply(messages.help_text())


async def start(*, sessions: async_sessionmaker, chat: ChatRef, now: datetime) -> Reply:
    """Register the chat, or make it active again if it had blocked the bot."""
    async with sessions() as session, session.begin():
        stored = await load_chat(session=session, chat=chat, now=now)
        if not stored.active:
            await chat_store.reactivate_chat(session=session, chat_id=stored.id)
            logger.info("chat %s is back", stored.id)
    return greeting()


async def deactivate(*, sessions: async_sessionmaker, chat: ChatRef, now: datetime) -> None:
    """Mark a chat that blocked or removed the bot inactive; unknown chats are ignored."""
    async with sessions() as session, session.begin():
        stored = await find_chat(session=session, chat=chat)
        if stored is not None and stored.active:
            dropped = await chat_store.deactivate_chat(session=session, chat_id=stored.id, now=now)
            logger.info("chat %s deactivated, %d pending messages dropped", stored.id, dropped)


async def reactivate(*, sessions: async_sessionmaker, chat: ChatRef) -> None:
    """Mark a known chat active again (the user unblocked the bot)."""
    async with sessions() as session, session.begin():
        stored = await find_chat(session=session, chat=chat)
        if stored is not None and not stored.active:
            await chat_store.reactivate_chat(session=session, chat_id=stored.id)


async def move(*, sessions: async_sessionmaker, chat: ChatRef, new_external_id: str) -> None:
    """The chat goes on under another id (a group became a supergroup): keep everything."""
    async with sessions() as session, session.begin():
        moved = await move_chat(
            session=session,
            platform=chat.platform,
            old_external_id=chat.external_id,
            new_external_id=new_external_id,
        )
    if moved is not None:
        logger.info("chat %s now known as %s", moved.id, new_external_id)


def stop_confirmation() -> Reply:
    """Ask before deleting everything: it cannot be undone."""
    return Reply(
        messages.STOP_CONFIRM,
        (
            (
                button("Oui, tout effacer", "stop.confirm", "yes"),
                button("Non", "stop.confirm", "no"),
            ),
        ),
    )


async def forget(*, sessions: async_sessionmaker, chat: ChatRef) -> Reply:
    """Delete the chat and everything attached to it (subscriptions, follows, outbox)."""
    async with sessions() as session, session.begin():
        stored = await find_chat(session=session, chat=chat)
        if stored is None:
            return Reply(messages.NOTHING_TO_FORGET)
        await chat_store.delete_chat(session=session, chat_id=stored.id)
        logger.info("chat %s forgotten at its request", stored.id)
    return Reply(messages.stop_done())
