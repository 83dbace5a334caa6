"""/echeances: the deadlines ahead, nearest first."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from postes.conversation.deadlines import deadlines_reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import COMMAND_UPDATES, chat_ref, reply


async def deadlines(update: Update, context: BotContext) -> None:
    """Followed offers and open offers matching the subscriptions, nearest deadline first."""
    answer = await deadlines_reply(
        sessions=context.sessions, chat=chat_ref(update, context), today=context.today()
    )
    await reply(update, context, answer)


def register(app: Application) -> None:
    """Add the deadlines handler."""
    app.add_handler(CommandHandler(["deadlines", "echeances"], deadlines, filters=COMMAND_UPDATES))
