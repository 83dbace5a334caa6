"""What every Telegram handler needs: the chat as the core sees it, replies, admin checks."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Chat, ChatMember, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from postes.conversation.buttons import Press, decode, of_kind
from postes.conversation.commands import command_names
from postes.conversation.common import ChatRef
from postes.conversation.replies import Reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.render import edit_reply, send_reply

logger = logging.getLogger(__name__)

PLATFORM = "telegram"
# Commands also work when edited (answered like new ones: the user fixed a typo) and when
# posted in a channel the bot administers.
COMMAND_UPDATES = filters.UpdateType.MESSAGES | filters.UpdateType.CHANNEL_POSTS
_KINDS = {Chat.PRIVATE: "private", Chat.GROUP: "group", Chat.SUPERGROUP: "group"}
_MANAGERS = {ChatMember.OWNER, ChatMember.ADMINISTRATOR}


def chat_ref(update: Update, context: BotContext) -> ChatRef:
    """The update's chat, named as the platform-neutral logic expects, with the settings a
    chat starts with when it is new (`[schedule] reminder_days`)."""
    chat = update.effective_chat
    assert chat is not None  # every handler registered here is bound to a chat
    return ChatRef(
        platform=PLATFORM,
        external_id=str(chat.id),
        kind=_KINDS.get(chat.type, "channel"),
        title=chat.title or chat.full_name,
        reminder_days=context.settings.schedule.reminder_days,
    )


def command_text(update: Update) -> str:
    """What follows the command, e.g. `attaché` in `/offres attaché` (may be empty)."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


async def reply(update: Update, context: BotContext, answer: Reply) -> None:
    """Send a reply into the update's chat."""
    assert update.effective_chat is not None
    await send_reply(context.bot, update.effective_chat.id, answer)


async def edit_or_reply(update: Update, context: BotContext, answer: Reply) -> None:
    """Replace the message whose button was pressed, or send a new one if it is gone."""
    query = update.callback_query
    if query is not None and query.message is not None and query.message.is_accessible:
        await edit_reply(context.bot, query.message, answer)
    else:
        await reply(update, context, answer)


async def may_manage(update: Update, context: BotContext) -> bool:
    """Private chats and channels manage themselves; in groups only administrators may."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type in (Chat.PRIVATE, Chat.CHANNEL):
        return True
    message = update.effective_message
    if update.callback_query is None and message is not None and message.sender_chat:
        # An anonymous administrator writes as the group itself.
        return message.sender_chat.id == chat.id
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat_id=chat.id, user_id=user.id)
    return member.status in _MANAGERS


def pressed(update: Update) -> Press:
    """The decoded button of a callback query; handlers are routed by `buttons.of_kind`, so
    the data is valid here."""
    assert update.callback_query is not None
    press = decode(update.callback_query.data)
    assert press is not None, "a handler was routed data that does not decode"
    return press


def command_handler(key: str, callback: Any) -> CommandHandler:
    """A handler for every name of command `key` (French and English)."""
    return CommandHandler(list(command_names(key)), callback, filters=COMMAND_UPDATES)


def button_handler(callback: Any, *kinds: str) -> CallbackQueryHandler:
    """A handler for the buttons of these kinds (see `conversation.buttons.KINDS`)."""
    return CallbackQueryHandler(callback, pattern=of_kind(*kinds))
