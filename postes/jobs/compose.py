"""Turn outbox rows into replies as they stand now, or say why one is no longer worth sending.

What a row becomes depends on the present, not on the moment it was enqueued: an offer closed
since is not announced, an offer the chat applied to or set aside gets no reminder, an offer
the chat follows already gets no "Me le rappeler" button. `load_known` reads all of that once
for a batch of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.conversation import digests, notices
from postes.conversation.replies import Reply
from postes.storage.decisions import decisions_between
from postes.storage.models import FollowRow, OfferRow, OutboxRow, SubscriptionRow
from postes.storage.offers import is_open

_DECIDED = {"applied": "candidature déjà envoyée", "dismissed": "offre écartée par le chat"}


@dataclass(frozen=True, slots=True)
class Known:
    """What a batch of rows refers to: offers, subscriptions, follows and decisions."""

    offers: Mapping[int, OfferRow]
    subscriptions: Mapping[int, SubscriptionRow] = field(default_factory=dict)
    followed: frozenset[tuple[int, int]] = frozenset()  # (chat id, offer id)
    decisions: Mapping[tuple[int, int], str] = field(default_factory=dict)


def offer_ids(row: OutboxRow) -> list[int]:
    """The offers a row is about (a digest lists several)."""
    if row.kind.startswith("digest:"):
        return [int(item["offer_id"]) for item in row.payload.get("offers", [])]
    return [row.offer_id]


def _subscription_ids(row: OutboxRow) -> list[int]:
    if row.kind.startswith("digest:"):
        items = row.payload.get("offers", [])
        return [int(i) for item in items for i in item.get("subscription_ids") or []]
    return [int(i) for i in row.payload.get("subscription_ids") or []]


async def load_known(*, session: AsyncSession, rows: Iterable[OutboxRow]) -> Known:
    """Read what these rows refer to, in a few queries."""
    rows = list(rows)
    ids = {i for row in rows for i in offer_ids(row) if i}
    chat_ids = {row.chat_id for row in rows}
    offers = await session.scalars(select(OfferRow).where(OfferRow.id.in_(ids)))
    sub_ids = {i for row in rows for i in _subscription_ids(row)}
    subscriptions = await session.scalars(
        select(SubscriptionRow).where(SubscriptionRow.id.in_(sub_ids))
    )
    followed = await session.execute(
        select(FollowRow.chat_id, FollowRow.offer_id).where(
            FollowRow.chat_id.in_(chat_ids), FollowRow.offer_id.in_(ids)
        )
    )
    return Known(
        offers={offer.id: offer for offer in offers},
        subscriptions={sub.id: sub for sub in subscriptions},
        followed=frozenset((chat_id, offer_id) for chat_id, offer_id in followed),
        decisions=await decisions_between(session=session, chat_ids=chat_ids, offer_ids=ids),
    )


def _closed(offer: OfferRow, today: date) -> bool:
    return not is_open(offer, today)


def render(row: OutboxRow, known: Known, today: date) -> Reply | str:
    """The message a row stands for now, or why it is not worth sending any more."""
    kind = row.kind.split(":", 1)[0]
    if kind == "broadcast":
        return notices.render_broadcast(str(row.payload.get("text", "")))
    if kind == "digest":
        still_open = [
            known.offers[i]
            for i in offer_ids(row)
            if i in known.offers
            and not _closed(known.offers[i], today)
            and (row.chat_id, i) not in known.decisions
        ]
        if not still_open:  # never an empty digest
            return "offres closes ou écartées"
        return digests.render_digest(still_open, today=today)
    offer = known.offers.get(row.offer_id)
    if offer is None:
        return "offre supprimée"
    if _closed(offer, today):
        return "date limite passée"
    decision = known.decisions.get((row.chat_id, row.offer_id))
    if decision is not None:
        return _DECIDED.get(decision, decision)
    followed = (row.chat_id, row.offer_id) in known.followed
    if kind == "alert":
        matched = [
            known.subscriptions[i]
            for i in _subscription_ids(row)
            if i in known.subscriptions and known.subscriptions[i].chat_id == row.chat_id
        ]
        return notices.render_alert(offer, matched=matched, followed=followed, today=today)
    if kind == "reminder":
        if offer.deadline is None or offer.deadline.isoformat() != row.payload.get("deadline"):
            return "date limite modifiée depuis"
        return notices.render_reminder(offer, today=today)
    if kind in ("extension", "shortening"):
        old = row.payload.get("old")
        new = date.fromisoformat(row.payload["new"])
        if offer.deadline != new:
            return "date limite modifiée depuis"
        render_move = notices.render_extension if kind == "extension" else notices.render_shortening
        return render_move(
            offer,
            old=date.fromisoformat(old) if old else None,
            new=new,
            followed=followed,
            today=today,
        )
    return f"type de message inconnu : {row.kind}"
