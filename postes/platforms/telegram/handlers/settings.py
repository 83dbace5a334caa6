"""/reglages: reminders, alerts or digest, quiet hours, pause — all with buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from postes.conversation import messages
from postes.conversation.settings import change_setting, settings_command, settings_reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    button_handler,
    chat_ref,
    command_handler,
    command_text,
    edit_or_reply,
    refuse_unless_manager,
    reply,
)


async def settings(update: Update, context: BotContext) -> None:
    """Show the chat's settings with buttons to change them."""
    if await refuse_unless_manager(update, context):
        return
    text = command_text(update)
    if text.strip():
        answer = await settings_command(
            sessions=context.sessions, chat=chat_ref(update, context), text=text, now=context.now()
        )
    else:
        answer = await settings_reply(
            sessions=context.sessions, chat=chat_ref(update, context), now=context.now()
        )
    await reply(update, context, answer)


async def change(update: Update, context: BotContext) -> None:
    """`set:<name>:<value>`: store the choice and redraw the settings."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    if await refuse_unless_manager(update, context):
        return
    answer = await change_setting(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        data=query.data,
        now=context.now(),
    )
    if answer is None:
        await query.answer(messages.expired_button(), show_alert=True)
        return
    await query.answer("C'est enregistré.")
    await edit_or_reply(update, context, answer)


def register(app: Application) -> None:
    """Add the settings handlers."""
    app.add_handler(command_handler("settings", settings))
    app.add_handler(button_handler(change, "settings.change"))
