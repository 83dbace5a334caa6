"""/statut and /diffuser for the `[telegram] admins`, in their private chat with the bot.

Anyone else typing them gets the unknown-command answer (the handlers simply do not match,
and `fallback` takes the message), so the commands are never revealed.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import Application, CommandHandler, filters

from postes.conversation import messages, operator
from postes.conversation.replies import Reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    COMMAND_UPDATES,
    button_handler,
    command_text,
    edit_or_reply,
    pressed,
    reply,
)


def is_operator(update: Update, context: BotContext) -> bool:
    """The update comes from a configured admin, in a private chat."""
    user, chat = update.effective_user, update.effective_chat
    return (
        user is not None
        and chat is not None
        and chat.type == chat.PRIVATE
        and user.id in context.settings.telegram.admins
    )


async def status(update: Update, context: BotContext) -> None:
    """Sources, the delivery queue, documents set aside and offers to check."""
    answer = await operator.status_reply(
        sessions=context.sessions, today=context.today(), zone=context.settings.timezone
    )
    await reply(update, context, answer)


async def broadcast(update: Update, context: BotContext) -> None:
    """Preview the message to broadcast, with its confirmation buttons."""
    preview = await operator.broadcast_preview(sessions=context.sessions, text=command_text(update))
    await reply(update, context, preview)


async def confirm(update: Update, context: BotContext) -> None:
    """`bc:yes` enqueues the previewed message for every chat, once; `bc:no` cancels."""
    query = update.callback_query
    assert query is not None
    if not is_operator(update, context):
        await query.answer(messages.expired_button(), show_alert=True)
        return
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    text = operator.previewed_text(message.text or "") if message is not None else None
    if pressed(update).word() == "no":
        answer = Reply("Diffusion annulée.")
    elif message is None or text is None:
        answer = Reply("Aperçu introuvable : recommencez avec /diffuser TEXTE.")
    else:
        answer = await operator.broadcast(
            sessions=context.sessions,
            text=text,
            key=f"{message.chat.id}:{message.message_id}",
            now=context.now(),
        )
    await edit_or_reply(update, context, answer)


def register(app: Application) -> None:
    """Add the operator handlers, for the configured admins only."""
    admins = app.bot_data.deps.settings.telegram.admins
    # An empty list matches nobody (allow_empty is False): no admins, no operator commands.
    only = COMMAND_UPDATES & filters.User(user_id=admins) & filters.ChatType.PRIVATE
    for command, callback in zip(operator.OPERATOR_COMMANDS, (status, broadcast), strict=True):
        app.add_handler(CommandHandler(list(command.names), callback, filters=only))
    app.add_handler(button_handler(confirm, "broadcast.confirm"))
