"""Creating a subscription, from the one-line form or at the end of the guided flow."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.commands import command
from postes.conversation.common import ChatRef, find_chat, load_chat
from postes.conversation.filters import unknown_corps_message
from postes.conversation.replies import Reply
from postes.conversation.subscriptions import describe
from postes.offers.corps import canonical_corps
from postes.offers.employers import canonical_employer
from postes.offers.query import QueryError, SearchQuery, parse_text
from postes.offers.text import fold
from postes.storage import chats as chat_store
from postes.storage import subscriptions as store
from postes.storage.search import search_offers

# What asks, in one line, for every new offer: `/abonner tout`.
EVERYTHING = {"tout", "toutes", "toutes les offres", "tout les offres", "all", "everything"}


def empty_subscription() -> Reply:
    """Why a subscription without any criterion is refused, and how to get every offer."""
    return Reply(
        "Un abonnement a besoin d'au moins un critère : un employeur, un corps, un lieu ou des "
        "mots-clés.\n"
        f"Exemple : <code>{command('subscribe', 'corps:attaché informatique')}</code>, "
        f"ou {command('subscribe')} seul pour être guidé pas à pas.\n"
        "Pour recevoir vraiment toutes les nouvelles offres : "
        f"<code>{command('subscribe', 'tout')}</code>"
    )


def _canonical(values: tuple[str, ...], canonical: Callable[[str], str | None]) -> list[str]:
    # Names we know are stored canonically (`attache` -> `Attaché`); others as typed.
    names = [canonical(v) or " ".join(v.split()) for v in values]
    return list(dict.fromkeys(names))


def _canonical_query(
    query: SearchQuery, employers: tuple[str, ...] = (), corps: tuple[str, ...] = ()
) -> SearchQuery:
    """The query as a subscription stores it: known employers and corps named canonically."""
    return SearchQuery(
        words=query.words,
        employers=tuple(_canonical(employers + query.employers, canonical_employer)),
        corps=tuple(_canonical(corps + query.corps, canonical_corps)),
        places=query.places,
        any_words=query.any_words,
    )


def _key(query: SearchQuery) -> tuple:
    return (
        sorted(fold(e) for e in query.employers),
        sorted(fold(c) for c in query.corps),
        sorted(fold(p) for p in query.places),
        sorted(query.words),
        query.any_words,
    )


def _all_words_note(query: SearchQuery, keywords: list[str]) -> str:
    if len(query.words) < 2 or query.any_words:
        return ""
    shown = html.escape(" OU ".join(keywords))
    return (
        "\nℹ️ Tous ces mots doivent figurer dans une offre pour que je vous la signale. "
        f"Un seul suffit ? Tapez <code>{command('subscribe', shown)}</code> "
        "ou appuyez sur le bouton."
    )


def _query_of(text: str) -> SearchQuery | None:
    """The subscription query `text` stands for (names made canonical), or None if invalid."""
    try:
        parsed = parse_text(" ".join(text.split()))
    except QueryError:
        return None
    return _canonical_query(parsed.query)


async def is_subscribed_to(*, session: AsyncSession, chat_id: int, text: str) -> bool:
    """Whether the chat has a subscription to exactly this search (as `/offres` typed it)."""
    query = _query_of(text)
    if query is None or query.is_empty:
        return False
    return any(
        _key(store.subscription_query(row)) == _key(query)
        for row in await store.list_subscriptions(session=session, chat_id=chat_id)
    )


async def create_subscription(
    *,
    sessions: async_sessionmaker,
    chat: ChatRef,
    text: str,
    now: datetime,
    today: date,
    employers: tuple[str, ...] = (),
    corps: tuple[str, ...] = (),
    everything: bool = False,
) -> Reply:
    """Subscribe to `text` (filters and keywords) plus the given employers and corps.

    `everything` (or `text` saying `tout`) subscribes to every new offer, which an empty
    set of criteria alone never does: that is usually a slip, not a wish.
    """
    text = " ".join(text.split())
    everything = everything or fold(text) in EVERYTHING
    try:
        parsed = parse_text("" if everything else text)
    except QueryError as error:
        return Reply(html.escape(str(error)))
    keywords = list(parsed.typed_words)
    query = _canonical_query(parsed.query, employers, corps)
    if query.is_empty and not everything:
        return empty_subscription()
    async with sessions() as session, session.begin():
        unknown = await unknown_corps_message(
            session=session, corps=parsed.query.corps, today=today
        )
        if unknown:  # such a subscription would never alert: say so rather than store it
            return Reply(unknown + "\nRien n'a été enregistré.")
        stored = await load_chat(session=session, chat=chat, now=now)
        existing = await store.list_subscriptions(session=session, chat_id=stored.id)
        for row in existing:
            if _key(store.subscription_query(row)) == _key(query):
                return Reply(
                    f"Vous avez déjà cet abonnement (n°{row.id}) : {html.escape(describe(row))}.",
                    ((button("📋 Mes abonnements", "subscriptions.list"),),),
                )
        if len(existing) >= store.MAX_SUBSCRIPTIONS_PER_CHAT:
            return Reply(
                f"Vous avez déjà {len(existing)} abonnements, le maximum. "
                f"Supprimez-en un depuis {command('subscriptions')} avant d'en créer un autre."
            )
        row = await store.add_subscription(
            session=session, chat_id=stored.id, query=query, keywords=keywords, now=now
        )
        if stored.pending is not None:  # whatever was asked is answered by this subscription
            await chat_store.set_pending_question(session=session, chat_id=stored.id, question=None)
        matching = (await search_offers(session=session, query=query, today=today, limit=1)).total
    return _created(row.id, describe(row), matching, _all_words_note(query, keywords))


def _created(subscription_id: int, summary: str, matching: int, note: str) -> Reply:
    if matching == 0:
        now_text = "Aucune offre ouverte n'y correspond aujourd'hui."
    elif matching == 1:
        now_text = "1 offre ouverte y correspond déjà."
    else:
        now_text = f"{matching} offres ouvertes y correspondent déjà."
    buttons = [(button("📋 Mes abonnements", "subscriptions.list"),)]
    if note:
        buttons.insert(
            0, (button("🔀 Un seul de ces mots suffit", "subscription.any", subscription_id),)
        )
    if matching:
        buttons.insert(
            0,
            (button(f"🔎 Voir les offres ({matching})", "subscription.matches", subscription_id),),
        )
    return Reply(
        f"✅ <b>Abonnement n°{subscription_id} créé</b> — {html.escape(summary)}\n"
        f"{now_text} Je vous préviendrai de chaque nouvelle offre correspondante.{note}",
        tuple(buttons),
    )


async def allow_any_keyword(
    *, sessions: async_sessionmaker, chat: ChatRef, subscription_id: int, today: date
) -> Reply:
    """Make one keyword of the subscription enough (`sub:any:<id>`); ids may be forged."""
    async with sessions() as session, session.begin():
        stored = await find_chat(session=session, chat=chat)
        row = stored and await store.get_subscription(
            session=session, chat_id=stored.id, subscription_id=subscription_id
        )
        if not row:
            return Reply(f"Vous n'avez pas d'abonnement n°{subscription_id}.")
        await store.set_any_keywords(session=session, subscription=row)
        query = store.subscription_query(row)
        matching = (await search_offers(session=session, query=query, today=today, limit=1)).total
    count = (
        "aucune offre ouverte n'y correspond aujourd'hui"
        if matching == 0
        else f"{matching} offre{'s' if matching > 1 else ''} ouverte{'s' if matching > 1 else ''} "
        f"y correspond{'ent' if matching > 1 else ''}"
    )
    return Reply(
        f"✅ Abonnement n°{subscription_id} modifié — {html.escape(describe(row))}\n"
        f"Un seul de ces mots suffit désormais ; {count}.",
        ((button("📋 Mes abonnements", "subscriptions.list"),),),
    )
