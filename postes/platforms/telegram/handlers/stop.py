"""/stop: forget the chat entirely, after a confirmation."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from postes.conversation import lifecycle, messages
from postes.conversation.replies import Reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    button_handler,
    chat_ref,
    command_handler,
    edit_or_reply,
    pressed,
    refuse_unless_manager,
    reply,
)


async def stop(update: Update, context: BotContext) -> None:
    """Ask for confirmation before deleting everything."""
    if await refuse_unless_manager(update, context):
        return
    await reply(update, context, lifecycle.stop_confirmation())


async def confirm(update: Update, context: BotContext) -> None:
    """`stop:yes` deletes the chat's data, `stop:no` keeps it."""
    query = update.callback_query
    assert query is not None
    if await refuse_unless_manager(update, context):
        return
    await query.answer()
    if pressed(update).word() == "yes":
        answer = await lifecycle.forget(sessions=context.sessions, chat=chat_ref(update, context))
    else:
        answer = Reply(messages.STOP_CANCELLED)
    await edit_or_reply(update, context, answer)


def register(app: Application) -> None:
    """Add the /stop handlers."""
    app.add_handler(command_handler("stop", stop))
    app.add_handler(button_handler(confirm, "stop.confirm"))
