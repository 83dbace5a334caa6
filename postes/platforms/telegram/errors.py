"""The one error handler: expected Telegram errors by exact type, everything else logged."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import ChatMigrated, Forbidden, TelegramError

from postes.conversation import lifecycle, messages
from postes.conversation.replies import Reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import chat_ref
from postes.platforms.telegram.render import send_reply

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Deactivate chats that blocked us; log anything else and tell the user."""
    error = context.error
    if not isinstance(update, Update) or update.effective_chat is None:
        logger.error("error outside of a chat", exc_info=error)
        return
    chat = update.effective_chat
    if isinstance(error, Forbidden):
        # The user blocked the bot (or removed it): stop writing until they come back.
        logger.info("chat %s refused our message (%s): deactivating", chat.id, error.message)
        await lifecycle.deactivate(
            sessions=context.sessions, chat=chat_ref(update, context), now=context.now()
        )
        return
    if isinstance(error, ChatMigrated):
        # A reply to the old group: the chat lives on as a supergroup, everything moves.
        await lifecycle.move(
            sessions=context.sessions,
            chat=chat_ref(update, context),
            new_external_id=str(error.new_chat_id),
        )
        return
    logger.error("error while handling an update in chat %s", chat.id, exc_info=error)
    if update.callback_query is not None:
        # Stop the button's spinner; fails harmlessly if the handler answered already.
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    try:
        await send_reply(context.bot, chat.id, Reply(messages.SOMETHING_WENT_WRONG))
    except TelegramError:
        # Telling the user failed too (network, flood control): the log above is what counts.
        logger.warning("could not tell chat %s about the error", chat.id, exc_info=True)
