"""Telegram's side of the conversation core: a caller from an update, outcomes as Bot API calls.

Send is a message (split at 4096 characters), Edit replaces the message whose button was
pressed, Toast answers the callback query, Prompt is a message with ForceReply, Attachment
a document. Whether the actor may manage a group is asked of Telegram once per update, and
only if the core needs to know.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from postes.conversation.caller import (
    Caller,
    DropPressed,
    Edit,
    EditButtons,
    Outcome,
    Prompt,
    Send,
    Toast,
)
from postes.conversation.replies import Attachment
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import chat_ref, edit_or_reply, may_manage
from postes.platforms.telegram.render import (
    inline_keyboard,
    keyboard_without,
    send_attachment,
    send_reply,
)

logger = logging.getLogger(__name__)


def caller(update: Update, context: BotContext) -> Caller:
    """The update's chat and actor, now; `may_manage` asks Telegram at most once."""
    answer: list[bool] = []

    async def manages() -> bool:
        if not answer:
            answer.append(await may_manage(update, context))
        return answer[0]

    user = update.effective_user
    return Caller(
        chat=chat_ref(update, context),
        now=context.now(),
        today=context.today(),
        actor=str(user.id) if user is not None else None,
        may_manage=manages,
        zone=context.settings.timezone,
    )


async def render(update: Update, context: BotContext, outcomes: Sequence[Outcome]) -> None:
    """Carry out the outcomes in the update's chat, in order."""
    chat = update.effective_chat
    assert chat is not None  # every handler using this is bound to a chat
    query = update.callback_query
    for outcome in outcomes:
        if isinstance(outcome, Send):
            await send_reply(context.bot, chat.id, outcome.reply)
        elif isinstance(outcome, Edit):
            await edit_or_reply(update, context, outcome.reply)
        elif isinstance(outcome, Toast):
            if query is not None:
                await query.answer(outcome.text, show_alert=outcome.alert)
        elif isinstance(outcome, Prompt):
            await send_reply(context.bot, chat.id, outcome.reply, force_reply=outcome.placeholder)
        elif isinstance(outcome, Attachment):
            await send_attachment(context.bot, chat.id, outcome)
        elif isinstance(outcome, EditButtons):
            await _edit_buttons(query, inline_keyboard(outcome.buttons))
        elif isinstance(outcome, DropPressed) and query is not None and query.data is not None:
            current = query.message.reply_markup if isinstance(query.message, Message) else None
            await _edit_buttons(query, keyboard_without(current, query.data))


async def _edit_buttons(query: CallbackQuery | None, markup: InlineKeyboardMarkup | None) -> None:
    # Only under a message we can still reach; the text stays as it was.
    if query is None or not isinstance(query.message, Message):
        return
    try:
        await query.message.edit_reply_markup(reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
        logger.debug("buttons of message %s unchanged", query.message.message_id)
