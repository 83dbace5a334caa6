"""Follow an offer to be reminded of its deadline, or stop following it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.commands import command
from postes.conversation.common import ChatRef, find_chat, load_chat, offer_deadline
from postes.storage import chats as chat_store
from postes.storage import offers as offer_store


async def follow(
    *, sessions: async_sessionmaker, chat: ChatRef, offer_id: int, now: datetime, today: date
) -> str:
    """Follow the offer; return the short confirmation shown to the user."""
    async with sessions() as session, session.begin():
        offer = await offer_store.get_offer(session=session, offer_id=offer_id)
        if offer is None:
            return "Cette offre n'existe plus."
        if not offer_store.is_open(offer, today):
            return "Cette offre est déjà clôturée : plus de rappel possible."
        stored = await load_chat(session=session, chat=chat, now=now)
        added = await chat_store.follow_offer(
            session=session, chat_id=stored.id, offer_id=offer_id, now=now
        )
    if offer.deadline is None:
        when = "Cette offre n'indique pas de date limite ; je vous préviendrai si elle change."
    else:
        when = f"Date limite : {offer_deadline(offer, today)}."
    first = "C'est noté, je vous rappellerai cette offre."
    if not added:
        first = "Vous suivez déjà cette offre."
    return f"{first} {when} Voir {command('deadlines')}."


async def unfollow(*, sessions: async_sessionmaker, chat: ChatRef, offer_id: int) -> str:
    """Stop following the offer; return the short confirmation."""
    async with sessions() as session, session.begin():
        stored = await find_chat(session=session, chat=chat)
        removed = stored is not None and await chat_store.unfollow_offer(
            session=session, chat_id=stored.id, offer_id=offer_id
        )
    return "Vous ne suivez plus cette offre." if removed else "Vous ne suiviez pas cette offre."
