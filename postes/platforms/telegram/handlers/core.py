"""Every command of the table and every button kind, served by the conversation core.

One CommandHandler per command (its French and English names), one CallbackQueryHandler for
every button kind the core serves (data that does not decode is left to `fallback`), and
the answers to the bot's questions (a reply to its ForceReply prompt).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.ext import Application, MessageHandler, filters

from postes.conversation import actions, presses
from postes.conversation.subscribe_flow import PROMPT_TITLE
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    button_handler,
    command_handler,
    command_text,
)
from postes.platforms.telegram.outcomes import caller, render


class _RepliesToPrompt(filters.MessageFilter):
    """Text answering one of our prompts (the question's state is in its text)."""

    def filter(self, message: Message) -> bool:
        prompt = message.reply_to_message
        return bool(prompt and prompt.text and prompt.text.startswith(PROMPT_TITLE))


PROMPT_ANSWER = filters.TEXT & ~filters.COMMAND & _RepliesToPrompt()


def _command(key: str) -> Callable[[Update, BotContext], Awaitable[None]]:
    async def serve(update: Update, context: BotContext) -> None:
        outcomes = await actions.run_command(
            sessions=context.sessions,
            caller=caller(update, context),
            name=key,
            text=command_text(update),
        )
        await render(update, context, outcomes)

    serve.__name__ = f"command_{key}"
    return serve


async def press(update: Update, context: BotContext) -> None:
    """A button: the core decodes its data and says what to show."""
    query = update.callback_query
    assert query is not None
    message = query.message if query.message and query.message.is_accessible else None
    outcomes = await presses.press_button(
        sessions=context.sessions,
        caller=caller(update, context),
        data=query.data,
        message_text=getattr(message, "text", None),
    )
    await render(update, context, outcomes)


async def answer(update: Update, context: BotContext) -> None:
    """The text typed in reply to one of our prompts."""
    message = update.effective_message
    assert message is not None
    assert message.reply_to_message is not None
    outcomes = await actions.answer_prompt(
        sessions=context.sessions,
        caller=caller(update, context),
        prompt_text=message.reply_to_message.text,
        typed=message.text or "",
    )
    if outcomes is not None:
        await render(update, context, outcomes)


def register(app: Application) -> None:
    """Add the core's commands, buttons and prompt answers."""
    for key in actions.COMMAND_ACTIONS:
        app.add_handler(command_handler(key, _command(key)))
    app.add_handler(button_handler(press, *presses.PRESS_ACTIONS))
    app.add_handler(MessageHandler(PROMPT_ANSWER, answer))
