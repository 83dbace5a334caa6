"""/offres (search, pages), /offre (details), and the details / follow buttons of alerts."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

from postes.conversation import follows
from postes.conversation.offer_detail import OfferView, offer_view
from postes.conversation.offers import offers_reply, read_footer
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

logger = logging.getLogger(__name__)


async def offers(update: Update, context: BotContext) -> None:
    """Search open offers, or list the most recent ones."""
    answer = await offers_reply(
        sessions=context.sessions,
        chat=chat_ref(update),
        query_text=command_text(update),
        page=1,
        today=context.today(),
    )
    await reply(update, context, answer)


async def page(update: Update, context: BotContext) -> None:
    """◀ ▶: show another page of the search written in the message's last line."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    message = query.message if query.message and query.message.is_accessible else None
    found = read_footer(getattr(message, "text", None))
    if found is None:
        await query.answer("Cette recherche n'est plus disponible : relancez /offres.")
        return
    await query.answer()
    answer = await offers_reply(
        sessions=context.sessions,
        chat=chat_ref(update),
        query_text=found[0],
        page=pressed(update).number(),
        today=context.today(),
    )
    await edit_or_reply(update, context, answer)


async def _show(update: Update, context: BotContext, view: OfferView) -> None:
    await reply(update, context, view.reply)
    if view.document is not None:
        assert update.effective_chat is not None
        await context.bot.send_document(
            chat_id=update.effective_chat.id,
            document=view.document,
            filename=view.document.name,
            caption="L'avis original",
        )


async def offer(update: Update, context: BotContext) -> None:
    """Show one offer by reference."""
    view = await offer_view(
        sessions=context.sessions,
        chat=chat_ref(update),
        today=context.today(),
        reference=command_text(update),
    )
    await _show(update, context, view)


async def details(update: Update, context: BotContext) -> None:
    """`off:<id>`: the details of an offer, as a new message under the list or alert."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    view = await offer_view(
        sessions=context.sessions,
        chat=chat_ref(update),
        today=context.today(),
        offer_id=pressed(update).number(),
    )
    await _show(update, context, view)


async def follow(update: Update, context: BotContext) -> None:
    """`fol:<id>` / `unf:<id>`: remind me of this offer, or stop."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    if await refuse_unless_manager(update, context):
        return
    press = pressed(update)
    if press.kind == "offer.follow":
        notice = await follows.follow(
            sessions=context.sessions,
            chat=chat_ref(update),
            offer_id=press.number(),
            now=context.now(),
            today=context.today(),
        )
    else:
        notice = await follows.unfollow(
            sessions=context.sessions, chat=chat_ref(update), offer_id=press.number()
        )
    await query.answer(notice, show_alert=True)


def register(app: Application) -> None:
    """Add the offers handlers."""
    app.add_handler(command_handler("offers", offers))
    app.add_handler(command_handler("offer", offer))
    app.add_handler(button_handler(page, "offers.page"))
    app.add_handler(button_handler(details, "offer.details"))
    app.add_handler(button_handler(follow, "offer.follow", "offer.unfollow"))
