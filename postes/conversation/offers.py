"""Search results and the details of one offer."""

from __future__ import annotations

import html
import math
import re
from datetime import date

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.commands import command
from postes.conversation.common import (
    ChatRef,
    find_chat,
    offer_button_text,
    offer_line,
)
from postes.conversation.filters import unknown_corps_message
from postes.conversation.replies import Button, Reply
from postes.conversation.subscribe import is_subscribed_to
from postes.offers.query import QueryError, UnknownFilterError, parse_query
from postes.storage import chats as chat_store
from postes.storage import offers as offer_store
from postes.storage.search import search_offers

PAGE_SIZE = 5
# The search a results message shows is written on its last line, and read back from there
# when ◀ ▶ are pressed: buttons keep working after a restart without storing anything, and
# the last line stays on the last chunk (the one with the buttons) if a message is split.
# The command is spelled as the platform does (`/offres`, `/postes offres`), so the pattern
# is built from the current naming.
_FOOTER = r"^🔎 {command}(?: (?P<query>.*?))? · page (?P<page>\d{{1,6}})/\d+$"


def footer(query_text: str, page: int, pages: int) -> str:
    """The last line of a results message, e.g. `🔎 /offres attaché · page 1/3`."""
    shown = f" {html.escape(query_text)}" if query_text else ""
    return f"🔎 {command('offers')}{shown} · page {page}/{pages}"


def read_footer(message_text: str | None) -> tuple[str, int] | None:
    """Read (query, page) back from the plain text of a results message."""
    if not message_text:
        return None
    pattern = _FOOTER.format(command=re.escape(command("offers")))
    match = re.match(pattern, message_text.rstrip().rsplit("\n", 1)[-1])
    if match is None:
        return None
    return match["query"] or "", int(match["page"])


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


SUBSCRIBE_TO_SEARCH = button("🔔 M'abonner à cette recherche", "subscribe.search")


def _no_result(query_text: str, *, subscribed: bool) -> Reply:
    shown = html.escape(query_text)
    text = (
        f"Aucune offre ouverte ne correspond à « {shown} » pour le moment.\n"
        "Essayez des termes plus larges : un seul mot, sans filtre "
        f"(par exemple {command('offers', 'informatique')}), ou {command('offers')} seul "
        "pour voir les plus récentes.\n"
        "Pour être prévenu dès qu'une offre correspondante paraît : "
        f"{command('subscribe', shown)}\n\n" + footer(query_text, 1, 1)
    )
    return Reply(text, () if subscribed else ((SUBSCRIBE_TO_SEARCH,),))


async def offers_reply(
    *, sessions: async_sessionmaker, chat: ChatRef, query_text: str, page: int, today: date
) -> Reply:
    """One page of the open offers matching `query_text` (all recent ones when empty)."""
    query_text = " ".join(query_text.split())
    try:
        query = parse_query(query_text)
    except UnknownFilterError as error:
        return Reply(html.escape(str(error)))
    except QueryError as error:
        example = command("offers", "attaché")
        return Reply(f"{html.escape(str(error))} Raccourcissez-la, par exemple : {example}")
    page = max(1, page)
    async with sessions() as session:
        stored = await find_chat(session=session, chat=chat)
        followed = set(
            await chat_store.list_followed_offer_ids(session=session, chat_id=stored.id)
            if stored
            else []
        )
        # No "M'abonner à cette recherche" under a search the chat is subscribed to already.
        subscribed = stored is not None and (
            await is_subscribed_to(session=session, chat_id=stored.id, text=query_text)
        )
        if query.is_empty:
            total = await offer_store.count_open_offers(session=session, today=today)
            page = min(page, max(1, math.ceil(total / PAGE_SIZE)))
            rows = await offer_store.list_recent_open_offers(
                session=session, today=today, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
            )
        else:
            found = await search_offers(
                session=session,
                query=query,
                today=today,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            )
            total, rows = found.total, found.rows
            if not rows and total:  # a page past the end (results closed meanwhile): go back
                page = max(1, math.ceil(total / PAGE_SIZE))
                found = await search_offers(
                    session=session,
                    query=query,
                    today=today,
                    limit=PAGE_SIZE,
                    offset=(page - 1) * PAGE_SIZE,
                )
                rows = found.rows
        unknown = (
            None
            if rows
            else await unknown_corps_message(session=session, corps=query.corps, today=today)
        )
    if unknown:
        return Reply(unknown)
    if not rows:
        if query.is_empty:
            return Reply(
                "Aucune offre n'est ouverte en ce moment. "
                f"Revenez bientôt, ou {command('subscribe')}."
            )
        return _no_result(query_text, subscribed=subscribed)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    first = (page - 1) * PAGE_SIZE + 1
    if query.is_empty:
        header = f"<b>Offres ouvertes les plus récentes</b> ({total} en tout)"
    else:
        count = _plural(total, "offre ouverte", "offres ouvertes")
        header = f"<b>{count}</b> pour « {html.escape(query_text)} »"
    lines = [
        offer_line(first + i, row, today, followed=row.id in followed) for i, row in enumerate(rows)
    ]
    text = "\n\n".join([header, *lines, footer(query_text, page, pages)])
    buttons: list[tuple[Button, ...]] = [
        (button("📄 " + offer_button_text(first + i, row), "offer.details", row.id),)
        for i, row in enumerate(rows)
    ]
    nav = []
    if page > 1:
        nav.append(button("◀ Précédentes", "offers.page", page - 1))
    if page < pages:
        nav.append(button("Suivantes ▶", "offers.page", page + 1))
    if nav:
        buttons.append(tuple(nav))
    if not query.is_empty and not subscribed:
        buttons.append((SUBSCRIBE_TO_SEARCH,))
    return Reply(text, tuple(buttons))
