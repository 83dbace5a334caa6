"""The bot's own membership: blocked or removed means inactive, unblocked or added, active."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.ext import Application, ChatMemberHandler

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


def register(app: Application) -> None:
    """Add the membership handler."""
    app.add_handler(ChatMemberHandler(my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
