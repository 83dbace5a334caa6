"""The "✅ J'ai postulé" / "🙅 Pas intéressé" buttons of alerts and reminders, and their undo
(under the alert, or in the /echeances list, which is then redrawn)."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import Application

from postes.conversation import decisions
from postes.conversation.deadlines import deadlines_reply
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    button_handler,
    chat_ref,
    edit_or_reply,
    pressed,
    refuse_unless_manager,
)
from postes.platforms.telegram.render import inline_keyboard
from postes.storage.decisions import APPLIED, DISMISSED

logger = logging.getLogger(__name__)
_DECISION = {"offer.applied": APPLIED, "offer.dismissed": DISMISSED}


async def decide(update: Update, context: BotContext) -> None:
    """`app:<id>`, `nop:<id>`, `und:<id>` under a notice; `unl:<id>` in /echeances."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    if await refuse_unless_manager(update, context):
        return
    press, chat = pressed(update), chat_ref(update, context)
    offer_id = press.number()
    if press.kind in _DECISION:
        outcome = await decisions.decide(
            sessions=context.sessions,
            chat=chat,
            offer_id=offer_id,
            decision=_DECISION[press.kind],
            now=context.now(),
        )
    else:
        outcome = await decisions.undo(sessions=context.sessions, chat=chat, offer_id=offer_id)
    await query.answer(outcome.notice, show_alert=True)
    if press.kind == "deadlines.undo":
        answer = await deadlines_reply(sessions=context.sessions, chat=chat, today=context.today())
        await edit_or_reply(update, context, answer)
    elif outcome.buttons is not None and isinstance(query.message, Message):
        # The buttons that no longer make sense go; the alert's text stays as it was.
        try:
            await query.message.edit_reply_markup(reply_markup=inline_keyboard(outcome.buttons))
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
            logger.debug("buttons of message %s unchanged", query.message.message_id)


def register(app: Application) -> None:
    """Add the decision handlers."""
    app.add_handler(
        button_handler(decide, "offer.applied", "offer.dismissed", "offer.undo", "deadlines.undo")
    )
