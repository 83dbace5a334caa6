"""The bot's own membership: blocked or removed means inactive, unblocked or added, active;
a group upgraded to a supergroup keeps everything under its new id."""

from __future__ import annotations

import dataclasses
import logging

from telegram import ChatMember, Update
from telegram.ext import Application, ChatMemberHandler, MessageHandler, filters

from postes.conversation import lifecycle
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import chat_ref, reply

logger = logging.getLogger(__name__)
_GONE = {ChatMember.BANNED, ChatMember.LEFT}  # "kicked" is what a private block looks like


async def my_chat_member(update: Update, context: BotContext) -> None:
    """Follow what users and group admins do with the bot."""
    change = update.my_chat_member
    assert change is not None
    old, new = change.old_chat_member.status, change.new_chat_member.status
    chat = chat_ref(update, context)
    if new in _GONE:
        await lifecycle.deactivate(sessions=context.sessions, chat=chat, now=context.now())
    elif old in _GONE:
        if chat.kind == "private":
            await lifecycle.reactivate(sessions=context.sessions, chat=chat)
        else:  # just added to a group or channel: introduce ourselves
            answer = await lifecycle.start(sessions=context.sessions, chat=chat, now=context.now())
            await reply(update, context, answer)
    logger.info("bot membership in chat %s: %s -> %s", chat.external_id, old, new)


async def migrated(update: Update, context: BotContext) -> None:
    """A group became a supergroup: Telegram says so in both chats; either one moves it."""
    message = update.effective_message
    assert message is not None
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    else:
        old, new = message.migrate_from_chat_id or 0, message.chat.id
    chat = dataclasses.replace(chat_ref(update, context), external_id=str(old))
    await lifecycle.move(sessions=context.sessions, chat=chat, new_external_id=str(new))


def register(app: Application) -> None:
    """Add the membership handlers."""
    app.add_handler(ChatMemberHandler(my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))
