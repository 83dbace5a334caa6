"""/start and /aide: greet, explain, and bring back a chat that had blocked the bot."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from postes.conversation import lifecycle
from postes.conversation.offers import offers_reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    button_handler,
    chat_ref,
    command_handler,
    reply,
)


async def start(update: Update, context: BotContext) -> None:
    """Greet and (re)activate the chat."""
    answer = await lifecycle.start(
        sessions=context.sessions, chat=chat_ref(update, context), now=context.now()
    )
    await reply(update, context, answer)


async def help_command(update: Update, context: BotContext) -> None:
    """List the commands with examples."""
    await reply(update, context, lifecycle.help_reply())


async def search_button(update: Update, context: BotContext) -> None:
    """The greeting's "Rechercher" button: show the most recent open offers."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    answer = await offers_reply(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        query_text="",
        page=1,
        today=context.today(),
    )
    await reply(update, context, answer)


def register(app: Application) -> None:
    """Add the greeting handlers."""
    app.add_handler(command_handler("start", start))
    app.add_handler(command_handler("help", help_command))
    app.add_handler(button_handler(search_button, "search"))
