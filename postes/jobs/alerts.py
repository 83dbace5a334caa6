"""Match new offers against subscriptions and enqueue one alert per chat.

Only subscriptions that existed when the offer was stored are considered, which makes
matching safe to run again (after a crash between ingest and matching, or as a sweep):
it enqueues what is missing and nothing else, and never alerts a newcomer about an old
offer. Paused chats and paused subscriptions get nothing (`find_candidate_subscriptions`
leaves them out): alerts are not held for later, `/offres` shows what was missed.

Chats in digest mode get their alert rows too, as "held" until their digest hour, when
`digest.enqueue_digests` gathers them into one message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from postes.clock import Clock
from postes.jobs.localtime import as_utc, local_today, next_local_hour
from postes.offers.matching import OfferTerms, matches, terms_of_offer
from postes.storage.models import ChatRow, OfferRow
from postes.storage.offers import is_open, offer_from_row
from postes.storage.outbox import NewMessage, enqueue_messages
from postes.storage.subscriptions import find_candidate_subscriptions, subscription_query

logger = logging.getLogger(__name__)


def terms_of_row(offer: OfferRow) -> OfferTerms:
    """What matching looks at, from a stored offer."""
    return terms_of_offer(offer_from_row(offer))


async def matching_chats(
    *, session: AsyncSession, offer: OfferRow
) -> dict[int, tuple[ChatRow, list[int]]]:
    """Chats with a subscription the offer matches, each with its matching subscription ids."""
    terms = terms_of_row(offer)
    created = as_utc(offer.created_at)
    by_chat: dict[int, list[int]] = {}
    for row in await find_candidate_subscriptions(session=session, offer=terms):
        if as_utc(row.created_at) <= created and matches(subscription_query(row), terms):
            by_chat.setdefault(row.chat_id, []).append(row.id)
    chats = await session.scalars(select(ChatRow).where(ChatRow.id.in_(list(by_chat))))
    return {chat.id: (chat, by_chat[chat.id]) for chat in chats}


def _alert(
    offer_id: int, chat: ChatRow, ids: list[int], now: datetime, zone: ZoneInfo
) -> NewMessage:
    payload = {"subscription_ids": sorted(ids)}
    if chat.digest_hour is None:
        return NewMessage(chat.id, offer_id, "alert", now, payload)
    due = next_local_hour(now, chat.digest_hour, zone)
    return NewMessage(chat.id, offer_id, "alert", due, payload, status="held")


async def enqueue_alerts(
    *, sessions: async_sessionmaker, offer_ids: Iterable[int], clock: Clock, zone: ZoneInfo
) -> int:
    """Enqueue alerts for these offers to every matching chat; return how many are new."""
    now = clock()
    today = local_today(now, zone)
    total = 0
    for offer_id in dict.fromkeys(offer_ids):
        async with sessions() as session, session.begin():
            offer = await session.get(OfferRow, offer_id)
            if offer is None:
                continue
            if not is_open(offer, today):
                logger.debug("offer %s closed on %s: no alert", offer_id, offer.open_until)
                continue
            chats = await matching_chats(session=session, offer=offer)
            messages = [_alert(offer_id, chat, ids, now, zone) for chat, ids in chats.values()]
            added = await enqueue_messages(session=session, messages=messages, now=now)
        total += added
        if added:  # a re-run that finds everything enqueued already has nothing to say
            logger.info(
                "alert for offer %s enqueued to %d chats (%d matching)", offer_id, added, len(chats)
            )
    return total


async def recent_offer_ids(
    *, sessions: async_sessionmaker, clock: Clock, within: timedelta = timedelta(days=1)
) -> list[int]:
    """Offers stored lately: matching them again repairs a crash between ingest and matching."""
    async with sessions() as session:
        ids = await session.scalars(
            select(OfferRow.id).where(OfferRow.created_at >= clock() - within).order_by(OfferRow.id)
        )
        return list(ids)
