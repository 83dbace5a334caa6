"""/echeances: the deadlines ahead, nearest first."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from postes.conversation.deadlines import deadlines_reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import chat_ref, command_handler, reply


async def deadlines(update: Update, context: BotContext) -> None:
    """Followed offers and open offers matching the subscriptions, nearest deadline first."""
    answer = await deadlines_reply(
        sessions=context.sessions, chat=chat_ref(update, context), today=context.today()
    )
    await reply(update, context, answer)


def register(app: Application) -> None:
    """Add the deadlines handler."""
    app.add_handler(command_handler("deadlines", deadlines))
