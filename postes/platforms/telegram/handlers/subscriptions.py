"""/abonnements and /desabonner, and the buttons that pause, resume, mute or delete."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from postes.conversation import subscriptions as logic
from postes.conversation.offers import offers_reply
from postes.conversation.replies import Reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    COMMAND_UPDATES,
    callback_id,
    chat_ref,
    command_text,
    edit_or_reply,
    refuse_unless_manager,
    reply,
)


async def subscriptions(update: Update, context: BotContext) -> None:
    """List the chat's subscriptions."""
    answer = await logic.subscriptions_reply(
        sessions=context.sessions, chat=chat_ref(update, context)
    )
    await reply(update, context, answer)


async def unsubscribe(update: Update, context: BotContext) -> None:
    """`/desabonner 12` deletes subscription 12; without a number, show the list."""
    if await refuse_unless_manager(update, context):
        return
    number = command_text(update).strip().lstrip("n°#")
    if not number:
        await subscriptions(update, context)
        return
    if not number.isdigit():
        text = "Indiquez le numéro de l'abonnement, par exemple /desabonner 3 (voir /abonnements)."
        await reply(update, context, Reply(text))
        return
    outcome = await logic.change_subscription(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        action="del",
        subscription_id=int(number),
    )
    await reply(update, context, Reply(outcome.notice))


async def change(update: Update, context: BotContext) -> None:
    """`sub:del|pause|resume|mute:<id>`: change one subscription and refresh the list."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    if await refuse_unless_manager(update, context):
        return
    action = query.data.split(":")[1]
    outcome = await logic.change_subscription(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        action=action,
        subscription_id=callback_id(update),
    )
    await query.answer(outcome.notice, show_alert=action == "mute")
    if action != "mute":  # a mute button sits under an alert, which must stay as it is
        await edit_or_reply(update, context, outcome.reply)


async def show_all(update: Update, context: BotContext) -> None:
    """`sub:all`: the list, as a new message."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    await subscriptions(update, context)


async def list_matches(update: Update, context: BotContext) -> None:
    """`sub:list:<id>`: browse the open offers matching one of the chat's subscriptions."""
    query = update.callback_query
    assert query is not None
    chat = chat_ref(update, context)
    text = await logic.subscription_query_text(
        sessions=context.sessions, chat=chat, subscription_id=callback_id(update)
    )
    if text is None:
        await query.answer("Cet abonnement n'existe plus.", show_alert=True)
        return
    await query.answer()
    answer = await offers_reply(
        sessions=context.sessions,
        chat=chat,
        query_text=text,
        page=1,
        today=context.today(),
    )
    await reply(update, context, answer)


def register(app: Application) -> None:
    """Add the subscriptions handlers."""
    app.add_handler(
        CommandHandler(["subscriptions", "abonnements"], subscriptions, filters=COMMAND_UPDATES)
    )
    app.add_handler(
        CommandHandler(["unsubscribe", "desabonner"], unsubscribe, filters=COMMAND_UPDATES)
    )
    app.add_handler(CallbackQueryHandler(change, pattern=r"^sub:(del|pause|resume|mute):\d{1,18}$"))
    app.add_handler(CallbackQueryHandler(show_all, pattern=r"^sub:all$"))
    app.add_handler(CallbackQueryHandler(list_matches, pattern=r"^sub:list:\d{1,18}$"))
