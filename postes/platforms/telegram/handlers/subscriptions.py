"""/abonnements and /desabonner, and the buttons that pause, resume, mute or delete."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from postes.conversation import subscriptions as logic
from postes.conversation.commands import command
from postes.conversation.offers import offers_reply
from postes.conversation.replies import Reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    button_handler,
    chat_ref,
    command_handler,
    command_text,
    edit_or_reply,
    pressed,
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
        text = (
            "Indiquez le numéro de l'abonnement, par exemple "
            f"{command('unsubscribe', '3')} (voir {command('subscriptions')})."
        )
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
    press = pressed(update)
    action = press.word()
    outcome = await logic.change_subscription(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        action=action,
        subscription_id=press.number(),
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
        sessions=context.sessions, chat=chat, subscription_id=pressed(update).number()
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
    app.add_handler(command_handler("subscriptions", subscriptions))
    app.add_handler(command_handler("unsubscribe", unsubscribe))
    app.add_handler(button_handler(change, "subscription.change"))
    app.add_handler(button_handler(show_all, "subscriptions.list"))
    app.add_handler(button_handler(list_matches, "subscription.matches"))
