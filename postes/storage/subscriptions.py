"""Subscriptions: stored search queries, indexed by one anchor term each.

A new offer must be matched against every subscription without reading them all: each
subscription is indexed under terms that any matching offer necessarily contains (one of
its keywords, else each of its corps, else each of its employers, else each of its places
or of its alternative keywords). Matching fetches the
subscriptions whose anchor the offer contains and checks them in full with
`offers.matching.matches`, so the cost grows with the number of candidates.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from postes.offers.matching import OfferTerms
from postes.offers.query import SearchQuery
from postes.offers.text import terms
from postes.storage.models import ChatRow, SubscriptionRow, SubscriptionTermRow

MAX_SUBSCRIPTIONS_PER_CHAT = 50
# Anchors keep at most this many letters, so an offer is looked up under at most this many
# prefixes per word: the lookup stays bounded however long the notice is.
ANCHOR_LENGTH = 5


class Candidate(NamedTuple):
    """The columns matching needs of a subscription, without loading ORM objects."""

    id: int
    chat_id: int
    employers: list[str]
    corps: list[str]
    keywords: list[str]
    created_at: datetime
    places: list[str]
    any_keywords: bool


# The columns of a Candidate, in its field order.
CANDIDATE_COLUMNS = (
    SubscriptionRow.id,
    SubscriptionRow.chat_id,
    SubscriptionRow.employers,
    SubscriptionRow.corps,
    SubscriptionRow.keywords,
    SubscriptionRow.created_at,
    SubscriptionRow.places,
    SubscriptionRow.any_keywords,
)


def subscription_query(row: SubscriptionRow | Candidate) -> SearchQuery:
    """The search query a subscription stands for."""
    return SearchQuery(
        words=tuple(terms(" ".join(row.keywords))),
        employers=tuple(row.employers),
        corps=tuple(row.corps),
        places=tuple(row.places or ()),
        any_words=bool(row.any_keywords),
    )


def anchor_terms(query: SearchQuery) -> list[tuple[str, str]]:
    """(kind, term) pairs under which a subscription is indexed; see the module docstring."""
    if query.words and not query.any_words:
        # Keywords are AND-ed: the longest one alone is a necessary and selective condition.
        return [("keyword", max(query.words, key=len)[:ANCHOR_LENGTH])]
    # A workplace's words are among the offer's words: places are anchored as keywords.
    for kind, filters in (
        ("corps", query.corps),
        ("employer", query.employers),
        ("keyword", query.places),
    ):
        if filters:
            # Filters are OR-ed: index under each alternative, by its longest word.
            return sorted(
                {(kind, max(terms(f), key=len)[:ANCHOR_LENGTH]) for f in filters if terms(f)}
            )
    if query.words:  # alternatives: any of them may be the one the offer contains
        return sorted({("keyword", word[:ANCHOR_LENGTH]) for word in query.words})
    return [("all", "")]


def _prefixes(words: set[str]) -> list[str]:
    return sorted({word[:end] for word in words for end in range(1, ANCHOR_LENGTH + 1)})


async def add_subscription(
    *, session: AsyncSession, chat_id: int, query: SearchQuery, keywords: list[str], now: datetime
) -> SubscriptionRow:
    """Store a subscription; `keywords` are the words as the user typed them, for display."""
    row = SubscriptionRow(
        chat_id=chat_id,
        employers=list(query.employers),
        corps=list(query.corps),
        keywords=keywords,
        places=list(query.places),
        any_keywords=query.any_words,
        paused=False,
        created_at=now,
    )
    row.terms = [SubscriptionTermRow(kind=k, term=t) for k, t in anchor_terms(query)]
    session.add(row)
    await session.flush()
    return row


async def set_any_keywords(*, session: AsyncSession, subscription: SubscriptionRow) -> None:
    """Make one keyword of the subscription enough, and index it under each of them."""
    subscription.any_keywords = True
    await session.execute(
        delete(SubscriptionTermRow).where(SubscriptionTermRow.subscription_id == subscription.id)
    )
    for kind, term in anchor_terms(subscription_query(subscription)):
        session.add(SubscriptionTermRow(subscription_id=subscription.id, kind=kind, term=term))
    await session.flush()


async def count_subscriptions(*, session: AsyncSession, chat_id: int) -> int:
    """How many subscriptions a chat has."""
    count = await session.scalar(
        select(func.count(SubscriptionRow.id)).where(SubscriptionRow.chat_id == chat_id)
    )
    return int(count or 0)


async def list_subscriptions(*, session: AsyncSession, chat_id: int) -> list[SubscriptionRow]:
    """A chat's subscriptions, oldest first."""
    rows = await session.scalars(
        select(SubscriptionRow)
        .where(SubscriptionRow.chat_id == chat_id)
        .order_by(SubscriptionRow.id)
    )
    return list(rows)


async def get_subscription(
    *, session: AsyncSession, chat_id: int, subscription_id: int
) -> SubscriptionRow | None:
    """A subscription, only if it belongs to the chat (callback data can be forged)."""
    return await session.scalar(
        select(SubscriptionRow).where(
            SubscriptionRow.id == subscription_id, SubscriptionRow.chat_id == chat_id
        )
    )


async def delete_subscription(*, session: AsyncSession, chat_id: int, subscription_id: int) -> bool:
    """Delete a chat's subscription; False when there was none with that id."""
    result = await session.execute(
        delete(SubscriptionRow).where(
            SubscriptionRow.id == subscription_id, SubscriptionRow.chat_id == chat_id
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def set_subscription_paused(
    *, session: AsyncSession, chat_id: int, subscription_id: int, paused: bool
) -> bool:
    """Pause or resume a chat's subscription; False when there was none with that id."""
    result = await session.execute(
        update(SubscriptionRow)
        .where(SubscriptionRow.id == subscription_id, SubscriptionRow.chat_id == chat_id)
        .values(paused=paused)
    )
    return bool(getattr(result, "rowcount", 0))


async def find_candidate_subscriptions(
    *, session: AsyncSession, offer: OfferTerms
) -> list[Candidate]:
    """Active subscriptions of active, unpaused chats whose anchor the offer contains.

    Candidates still have to pass `offers.matching.matches`.
    """
    corps_words = {word for names in offer.corps for word in names}
    anchored = or_(
        SubscriptionTermRow.kind == "all",
        and_(
            SubscriptionTermRow.kind == "keyword",
            SubscriptionTermRow.term.in_(_prefixes(set(offer.words))),
        ),
        and_(
            SubscriptionTermRow.kind == "corps",
            SubscriptionTermRow.term.in_(_prefixes(corps_words)),
        ),
        and_(
            SubscriptionTermRow.kind == "employer",
            SubscriptionTermRow.term.in_(_prefixes(set(offer.employer))),
        ),
    )
    ids = select(SubscriptionTermRow.subscription_id).where(anchored)
    # Plain columns, not ORM rows: with thousands of candidates, object loading dominated.
    rows = await session.execute(
        select(*CANDIDATE_COLUMNS)
        .join(ChatRow, ChatRow.id == SubscriptionRow.chat_id)
        .where(
            SubscriptionRow.id.in_(ids),
            SubscriptionRow.paused.is_(False),
            ChatRow.active.is_(True),
            ChatRow.paused.is_(False),
        )
    )
    return [Candidate(*row) for row in rows]
