"""Whatever no other handler took: unknown commands, free text, stale buttons.

Registered last in the same group as the others, so it only sees what they left.
"""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from postes.conversation import messages
from postes.conversation.replies import Reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import reply


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


async def unknown_command(update: Update, context: BotContext) -> None:
    """Explain what the bot can do."""
    if _addressed_to_us(update, context):
        await reply(update, context, Reply(messages.unknown_command()))


async def free_text(update: Update, context: BotContext) -> None:
    """Text that is not a command: point at /offres and the help."""
    if _addressed_to_us(update, context):
        await reply(update, context, Reply(messages.free_text()))


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
