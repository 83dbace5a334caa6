"""`/offre` forgiving what users type: a whole reference, part of one, or words.

`/offre 3134-25-0834/SR` shows the offer; `/offre 0834` too when one reference fits, and
lists those that fit (with a button each) when several do; `/offre attaché` is a search.
"""

from __future__ import annotations

import html
from datetime import date

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.commands import command
from postes.conversation.common import (
    ChatRef,
    find_chat,
    offer_button_text,
    offer_line,
    shorten,
)
from postes.conversation.offer_detail import OfferView, offer_view
from postes.conversation.offers import offers_reply
from postes.conversation.replies import Reply
from postes.offers.reference_parts import reference_fragment
from postes.offers.text import terms
from postes.storage import chats as chat_store
from postes.storage import offers as offer_store
from postes.storage.lookup import find_offers_by_reference_part
from postes.storage.models import OfferRow

MAX_LISTED = 8


def ask_reference() -> Reply:
    """`/offre` without anything after it."""
    return Reply(
        f"Indiquez la référence de l'offre, par exemple : {command('offer', '3134-25-0834/SR')} "
        f"(la fin suffit : {command('offer', '0834')}).\n"
        f"Vous la trouverez dans les résultats de {command('offers')}."
    )


def _several(fragment: str, rows: list[OfferRow], today: date, followed: set[int]) -> Reply:
    shown = html.escape(fragment)
    more = len(rows) > MAX_LISTED
    rows = rows[:MAX_LISTED]
    head = (
        f"<b>Plus de {len(rows)} offres</b> ont une référence en « {shown} » ; "
        f"voici les {len(rows)} plus récentes :"
        if more
        else f"<b>{len(rows)} offres</b> ont une référence en « {shown} » :"
    )
    lines = [
        offer_line(i, row, today, followed=row.id in followed)
        + f"\nRéf. {html.escape(row.reference or '')}"
        for i, row in enumerate(rows, start=1)
    ]
    tail = ["Précisez la référence pour en voir moins."] if more else []
    buttons = tuple(
        (button("📄 " + offer_button_text(i, row), "offer.details", row.id),)
        for i, row in enumerate(rows, start=1)
    )
    return Reply("\n\n".join([head, *lines, *tail]), buttons)


async def lookup_offer(
    *, sessions: async_sessionmaker, chat: ChatRef, today: date, text: str
) -> OfferView | Reply:
    """The details of the one offer `text` designates, a choice among several, or a search."""
    text = " ".join(text.split())
    if not text:
        return ask_reference()
    async with sessions() as session:
        exact = await offer_store.get_offer_by_reference(session=session, reference=text)
        fragment = reference_fragment(text) if exact is None else None
        rows = (
            await find_offers_by_reference_part(
                session=session, fragment=fragment, limit=MAX_LISTED + 1
            )
            if fragment
            else []
        )
        stored = await find_chat(session=session, chat=chat)
        followed = set(
            await chat_store.list_followed_offer_ids(session=session, chat_id=stored.id)
            if stored
            else []
        )
    if exact is not None or len(rows) == 1:
        offer_id = exact.id if exact is not None else rows[0].id
        return await offer_view(sessions=sessions, chat=chat, today=today, offer_id=offer_id)
    if rows:
        return _several(fragment or text, rows, today, followed)
    if fragment is None or any(any(c.isalpha() for c in t) and len(t) > 2 for t in terms(text)):
        # Words, not a reference: search them, as /offres would.
        return await offers_reply(
            sessions=sessions, chat=chat, query_text=text, page=1, today=today
        )
    shown = html.escape(shorten(text, 80))
    return Reply(
        f"Je ne trouve aucune offre dont la référence contient « {shown} ». "
        f"Vérifiez-la, ou cherchez par mots-clés avec {command('offers')}."
    )
