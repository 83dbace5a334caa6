"""Creating a subscription, from the one-line form or at the end of the guided flow."""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.commands import command
from postes.conversation.common import ChatRef, load_chat
from postes.conversation.replies import Reply
from postes.conversation.subscriptions import describe
from postes.offers.corps import canonical_corps
from postes.offers.employers import canonical_employer
from postes.offers.query import QueryError, SearchQuery, parse_query
from postes.offers.text import fold, terms
from postes.storage import subscriptions as store
from postes.storage.search import search_offers

# Same filter keys as `offers.query`: these tokens are filters, the others keywords.
_FILTER_TOKEN = re.compile(r"^(employeur|employer|emp|corps|grade|cadre)\s*[:=]", re.I)


def empty_subscription() -> Reply:
    """Why a subscription without any criterion is refused."""
    return Reply(
        "Un abonnement a besoin d'au moins un critère : un employeur, un corps ou des mots-clés "
        "(sinon vous recevriez toutes les offres !).\n"
        f"Exemple : <code>{command('subscribe', 'corps:attaché informatique')}</code>, "
        f"ou {command('subscribe')} seul pour être guidé pas à pas."
    )


def _keywords(text: str) -> list[str]:
    """The keywords as typed (for display), without the filter tokens."""
    try:
        tokens = shlex.split(text.replace("’", "'"))
    except ValueError:
        tokens = text.replace('"', " ").replace("'", " ").split()
    return [t for t in tokens if not _FILTER_TOKEN.match(t) and terms(t)]


def _canonical(values: tuple[str, ...], canonical: Callable[[str], str | None]) -> list[str]:
    # Names we know are stored canonically (`attache` -> `Attaché`); others as typed.
    names = [canonical(v) or " ".join(v.split()) for v in values]
    return list(dict.fromkeys(names))


def _key(employers: list[str], corps: list[str], words: list[str]) -> tuple:
    return (
        sorted(fold(e) for e in employers),
        sorted(fold(c) for c in corps),
        sorted(words),
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
) -> Reply:
    """Subscribe to `text` (filters and keywords) plus the given employers and corps."""
    try:
        parsed = parse_query(" ".join(text.split()))
    except QueryError as error:
        return Reply(html.escape(str(error)))
    employers_list = _canonical(employers + parsed.employers, canonical_employer)
    corps_list = _canonical(corps + parsed.corps, canonical_corps)
    keywords = _keywords(text)
    query = SearchQuery(
        words=tuple(terms(" ".join(keywords))),
        employers=tuple(employers_list),
        corps=tuple(corps_list),
    )
    if query.is_empty:
        return empty_subscription()
    async with sessions() as session, session.begin():
        stored = await load_chat(session=session, chat=chat, now=now)
        existing = await store.list_subscriptions(session=session, chat_id=stored.id)
        wanted = _key(employers_list, corps_list, list(query.words))
        for row in existing:
            if _key(row.employers, row.corps, terms(" ".join(row.keywords))) == wanted:
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
        matching = (await search_offers(session=session, query=query, today=today, limit=1)).total
    if matching == 0:
        now_text = "Aucune offre ouverte n'y correspond aujourd'hui."
    elif matching == 1:
        now_text = "1 offre ouverte y correspond déjà."
    else:
        now_text = f"{matching} offres ouvertes y correspondent déjà."
    buttons = [(button("📋 Mes abonnements", "subscriptions.list"),)]
    if matching:
        buttons.insert(
            0, (button(f"🔎 Voir les offres ({matching})", "subscription.matches", row.id),)
        )
    return Reply(
        f"✅ <b>Abonnement n°{row.id} créé</b> — {html.escape(describe(row))}\n"
        f"{now_text} Je vous préviendrai de chaque nouvelle offre correspondante.",
        tuple(buttons),
    )
