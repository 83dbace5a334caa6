"""Whatever no other handler took: unknown commands, free text, stale buttons.

Registered last in the same group as the others, so it only sees what they left. Commands
typed with accents (`/échéances`) run the command they spell; near misses (`/ofres`) get a
suggestion; plain text in a private chat first answers a pending question, then is read as
a command without its slash or as a search.
"""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from postes.conversation import actions, messages
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.outcomes import caller, render


def _addressed_to_us(update: Update, context: BotContext) -> bool:
    """In groups, speak only when spoken to: a command for us, a reply to us, a mention."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or chat.type == Chat.PRIVATE:
        return True
    text = message.text or ""
    username = f"@{context.bot.username}".lower()
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0].lower()
        return "@" not in command or command.endswith(username)
    replied = message.reply_to_message
    return username in text.lower() or bool(
        replied and replied.from_user and replied.from_user.id == context.bot.id
    )


async def _typed(update: Update, context: BotContext) -> None:
    """Hand the text to the core: it runs, corrects, answers, searches or explains."""
    if not _addressed_to_us(update, context):
        return
    message = update.effective_message
    text = (message.text or "") if message else ""
    outcomes = await actions.typed_text(
        sessions=context.sessions, caller=caller(update, context), text=text
    )
    await render(update, context, outcomes)


async def unknown_command(update: Update, context: BotContext) -> None:
    """Run an accented spelling of a command, suggest the nearest one, or explain."""
    await _typed(update, context)


async def free_text(update: Update, context: BotContext) -> None:
    """Text that is not a command: a pending answer, a command without slash, or a search."""
    await _typed(update, context)


async def stale_button(update: Update, context: BotContext) -> None:
    """A button whose data we no longer understand (old version, forged data)."""
    assert update.callback_query is not None
    await update.callback_query.answer(messages.expired_button(), show_alert=True)


def register(app: Application) -> None:
    """Add the catch-all handlers; must come after every other family."""
    messages_only = filters.UpdateType.MESSAGES
    app.add_handler(MessageHandler(messages_only & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(messages_only & ~filters.COMMAND, free_text))
    app.add_handler(CallbackQueryHandler(stale_button))
