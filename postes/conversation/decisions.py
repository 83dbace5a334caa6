""" "✅ J'ai postulé", "🙅 Pas intéressé" and their undo: what the chat did about an offer.

Either decision ends the offer's reminders (see `storage.decisions`). The buttons under the
alert or reminder that was pressed are replaced by what still makes sense: the details, the
calendar, and a way back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.common import ChatRef, find_chat, load_chat
from postes.conversation.notices import offer_buttons
from postes.conversation.replies import Button
from postes.storage import decisions as store
from postes.storage import offers as offer_store

GONE = "Cette offre n'existe plus."
_DONE = {
    store.APPLIED: "✅ C'est noté : vous avez postulé. Plus de rappel pour cette offre ; "
    "elle reste dans /echeances, sous « Vos candidatures ».",
    store.DISMISSED: "🙅 C'est noté : plus de rappel ni de nouvelle de cette offre.",
}
_ALREADY = {
    store.APPLIED: "Vous aviez déjà indiqué avoir postulé à cette offre.",
    store.DISMISSED: "Vous aviez déjà écarté cette offre.",
}
_UNDONE = {
    store.APPLIED: "↩️ C'est annulé : l'offre n'est plus marquée « postulé », "
    "ses rappels reprennent.",
    store.DISMISSED: "↩️ C'est annulé : l'offre n'est plus écartée, ses rappels reprennent.",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """A short notice for the user, and the buttons to put under the pressed message (or
    None to leave them)."""

    notice: str
    buttons: tuple[tuple[Button, ...], ...] | None = None


async def decide(
    *, sessions: async_sessionmaker, chat: ChatRef, offer_id: int, decision: str, now: datetime
) -> Outcome:
    """Record that the chat applied to the offer, or is not interested in it."""
    async with sessions() as session, session.begin():
        offer = await offer_store.get_offer(session=session, offer_id=offer_id)
        if offer is None:
            return Outcome(GONE)
        stored = await load_chat(session=session, chat=chat, now=now)
        changed = await store.decide(
            session=session, chat_id=stored.id, offer_id=offer_id, decision=decision, now=now
        )
    rows = [*offer_buttons(offer, follow=False, decide=False)]
    rows.append((button("↩️ Annuler", "offer.undo", offer_id),))
    return Outcome(_DONE[decision] if changed else _ALREADY[decision], tuple(rows))


async def undo(*, sessions: async_sessionmaker, chat: ChatRef, offer_id: int) -> Outcome:
    """Forget what the chat said about the offer: its reminders resume."""
    async with sessions() as session, session.begin():
        stored = await find_chat(session=session, chat=chat)
        was = (
            await store.undo_decision(session=session, chat_id=stored.id, offer_id=offer_id)
            if stored is not None
            else None
        )
        offer = await offer_store.get_offer(session=session, offer_id=offer_id)
    if was is None:
        return Outcome("Il n'y avait rien à annuler pour cette offre.")
    buttons = tuple(offer_buttons(offer)) if offer is not None else None
    return Outcome(_UNDONE.get(was, "↩️ C'est annulé."), buttons)
