"""The deadlines ahead: followed offers and open offers matching the chat's subscriptions,
then the offers the chat applied to, each with a button to undo that."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button, encode
from postes.conversation.commands import command
from postes.conversation.common import ChatRef, find_chat, offer_button_text, offer_line
from postes.conversation.replies import Button, Reply
from postes.storage import chats as chat_store
from postes.storage import decisions as decision_store
from postes.storage import offers as offer_store
from postes.storage import subscriptions as sub_store
from postes.storage.models import OfferRow
from postes.storage.search import search_offers

MAX_SHOWN = 10
MAX_ASIDE_BUTTONS = 5
PER_SUBSCRIPTION = 20  # matches fetched per subscription; the nearest deadlines come first


def nothing_ahead() -> Reply:
    """No open offer followed nor matching a subscription."""
    return Reply(
        "Rien à l'horizon : vous ne suivez aucune offre ouverte et aucune offre ouverte ne "
        f"correspond à vos abonnements.\n{command('offers')} pour chercher, "
        f"{command('subscribe')} pour être alerté."
    )


def _sort_key(offer: OfferRow) -> tuple[bool, date, int]:
    return (offer.deadline is None, offer.deadline or date.max, offer.id)


async def deadlines_reply(*, sessions: async_sessionmaker, chat: ChatRef, today: date) -> Reply:
    """Open offers the chat cares about, nearest deadline first."""
    async with sessions() as session:
        stored = await find_chat(session=session, chat=chat)
        if stored is None:
            return nothing_ahead()
        followed = set(await chat_store.list_followed_offer_ids(session=session, chat_id=stored.id))
        decided = await decision_store.decisions_of_chat(session=session, chat_id=stored.id)
        applied = [i for i, decision in decided.items() if decision == decision_store.APPLIED]
        dismissed = [i for i, decision in decided.items() if decision == decision_store.DISMISSED]
        offers: dict[int, OfferRow] = {}
        if followed or decided:
            rows = await session.scalars(
                select(OfferRow).where(OfferRow.id.in_(followed | set(decided)))
            )
            offers.update({row.id: row for row in rows})
        for subscription in await sub_store.list_subscriptions(session=session, chat_id=stored.id):
            if subscription.paused:
                continue
            found = await search_offers(
                session=session,
                query=sub_store.subscription_query(subscription),
                today=today,
                limit=PER_SUBSCRIPTION,
            )
            offers.update({row.id: row for row in found.rows})
    ahead = sorted(
        (o for o in offers.values() if offer_store.is_open(o, today) and o.id not in decided),
        key=_sort_key,
    )
    sent = [offers[i] for i in applied if i in offers][:MAX_SHOWN]
    # Offers set aside that are still open: one line, and a way to take each back.
    aside = [o for i in dismissed if (o := offers.get(i)) and offer_store.is_open(o, today)]
    if not ahead and not sent and not aside:
        return nothing_ahead()
    shown = ahead[:MAX_SHOWN]
    lines = ["<b>Vos prochaines échéances</b>"]
    if not ahead:
        lines.append("Aucune autre offre ouverte ne vous attend.")
    lines += [
        offer_line(i, offer, today, followed=offer.id in followed)
        for i, offer in enumerate(shown, start=1)
    ]
    if len(ahead) > MAX_SHOWN:
        lines.append(f"… et {len(ahead) - MAX_SHOWN} autres plus lointaines.")
    if followed & {offer.id for offer in shown}:
        lines.append("⭐ offre suivie : je vous la rappelle avant la date limite.")
    buttons = [
        (Button("📄 " + offer_button_text(i, offer), data=encode("offer.details", offer.id)),)
        for i, offer in enumerate(shown, start=1)
    ]
    if sent:
        lines.append(f"<b>✅ Vos candidatures ({len(sent)})</b>")
        first = len(shown) + 1
        lines += [offer_line(i, offer, today) for i, offer in enumerate(sent, start=first)]
        buttons += [
            (button(f"↩️ Pas postulé : {offer_button_text(i, offer)}", "deadlines.undo", offer.id),)
            for i, offer in enumerate(sent, start=first)
        ]
    if aside:
        count = (
            "1 offre ouverte écartée"
            if len(aside) == 1
            else f"{len(aside)} offres ouvertes écartées"
        )
        lines.append(f"🙅 <i>{count} (« Pas intéressé ») : elles n'apparaissent plus ici.</i>")
        buttons += [
            (button(f"↩️ Réafficher : {offer_button_text(n, o)}", "deadlines.undo", o.id),)
            for n, o in enumerate(aside[:MAX_ASIDE_BUTTONS], start=1)
        ]
    return Reply("\n\n".join(lines), tuple(buttons))
