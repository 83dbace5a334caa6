"""/offres (search, pages), /offre (details), and the details / follow buttons of alerts."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import Application

from postes.conversation import follows
from postes.conversation.applying import apply_view, original_document
from postes.conversation.calendar import calendar_file
from postes.conversation.lookup import lookup_offer
from postes.conversation.offer_detail import OfferView, offer_view
from postes.conversation.offers import offers_reply, read_footer
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
from postes.platforms.telegram.render import keyboard_without, send_attachment

logger = logging.getLogger(__name__)


async def offers(update: Update, context: BotContext) -> None:
    """Search open offers, or list the most recent ones."""
    answer = await offers_reply(
        sessions=context.sessions,
        chat=chat_ref(update, context),
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
        chat=chat_ref(update, context),
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
    """Show one offer by reference (or part of one); several fit: a choice; words: a search."""
    found = await lookup_offer(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        today=context.today(),
        text=command_text(update),
    )
    if isinstance(found, OfferView):
        await _show(update, context, found)
    else:
        await reply(update, context, found)


async def details(update: Update, context: BotContext) -> None:
    """`off:<id>`: the details of an offer, as a new message under the list or alert."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    view = await offer_view(
        sessions=context.sessions,
        chat=chat_ref(update, context),
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
            chat=chat_ref(update, context),
            offer_id=press.number(),
            now=context.now(),
            today=context.today(),
        )
    else:
        notice = await follows.unfollow(
            sessions=context.sessions, chat=chat_ref(update, context), offer_id=press.number()
        )
    await query.answer(notice, show_alert=True)
    if press.kind == "offer.follow" and isinstance(query.message, Message):
        # Followed (or closed, or gone): "Me rappeler" has nothing left to do there.
        markup = keyboard_without(query.message.reply_markup, query.data)
        await query.message.edit_reply_markup(reply_markup=markup)


async def calendar(update: Update, context: BotContext) -> None:
    """`ics:<id>`: the offer's deadline as an .ics event for the user's calendar."""
    assert update.callback_query is not None
    assert update.effective_chat is not None
    await update.callback_query.answer()
    answer = await calendar_file(
        sessions=context.sessions,
        offer_id=pressed(update).number(),
        now=context.now(),
        zone=context.settings.timezone,
        today=context.today(),
    )
    if isinstance(answer, Reply):
        await reply(update, context, answer)
    else:
        await send_attachment(context.bot, update.effective_chat.id, answer)


async def how_to_apply(update: Update, context: BotContext) -> None:
    """`how:<id>`: contact, e-mail, address and documents to send, from the notice."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    answer = await apply_view(
        sessions=context.sessions, offer_id=pressed(update).number(), today=context.today()
    )
    await reply(update, context, answer)


async def document(update: Update, context: BotContext) -> None:
    """`doc:<id>`: the notice file the offer was read from."""
    assert update.callback_query is not None
    assert update.effective_chat is not None
    await update.callback_query.answer()
    answer = await original_document(sessions=context.sessions, offer_id=pressed(update).number())
    if isinstance(answer, Reply):
        await reply(update, context, answer)
    else:
        await send_attachment(context.bot, update.effective_chat.id, answer)


def register(app: Application) -> None:
    """Add the offers handlers."""
    app.add_handler(command_handler("offers", offers))
    app.add_handler(command_handler("offer", offer))
    app.add_handler(button_handler(page, "offers.page"))
    app.add_handler(button_handler(details, "offer.details"))
    app.add_handler(button_handler(follow, "offer.follow", "offer.unfollow"))
    app.add_handler(button_handler(calendar, "offer.calendar"))
    app.add_handler(button_handler(how_to_apply, "offer.apply"))
    app.add_handler(button_handler(document, "offer.document"))
