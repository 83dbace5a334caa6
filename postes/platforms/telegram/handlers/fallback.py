"""Whatever no other handler took: unknown commands, free text, stale buttons.

Registered last in the same group as the others, so it only sees what they left. Commands
typed with accents (`/échéances`) run the command they spell; near misses (`/ofres`) get a
suggestion; plain text in a private chat first answers a pending question, then is read as
a command without its slash or as a search.
"""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from postes.conversation import messages
from postes.conversation.free_text import FreeText, plain_text_reply
from postes.conversation.replies import Reply
from postes.conversation.typos import command_word, guess_command, suggestion_reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import chat_ref, reply


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


async def _run(update: Update, context: BotContext, name: str) -> bool:
    """Run the registered command `name` on this update; False when there is none."""
    for handlers in context.application.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler) and name in handler.commands:
                await handler.callback(update, context)
                return True
    return False


async def unknown_command(update: Update, context: BotContext) -> None:
    """Run an accented spelling of a command, suggest the nearest one, or explain."""
    if not _addressed_to_us(update, context):
        return
    message = update.effective_message
    text = (message.text or "") if message else ""
    guess = guess_command(command_word(text))
    if guess is not None and guess.exact and await _run(update, context, guess.key):
        return
    answer = suggestion_reply(text, guess) if guess else Reply(messages.unknown_command())
    await reply(update, context, answer)


async def free_text(update: Update, context: BotContext) -> None:
    """Text that is not a command: a pending answer, a command without slash, or a search."""
    if not _addressed_to_us(update, context):
        return
    message = update.effective_message
    text = (message.text or "") if message else ""
    if text.startswith("/"):  # a command Telegram did not mark as one (`/désabonner`)
        await unknown_command(update, context)
        return
    chat = chat_ref(update, context)
    if chat.kind != "private":
        await reply(update, context, Reply(messages.free_text()))
        return
    answer = await plain_text_reply(
        sessions=context.sessions, chat=chat, text=text, now=context.now(), today=context.today()
    )
    if isinstance(answer, FreeText):  # `offres attaché`: the command without its slash
        if await _run(update, context, answer.command):
            return
        answer = Reply(messages.free_text_private())
    await reply(update, context, answer)


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
