"""Offers repository: store parsed notices once, update them, remember deadline changes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from postes.offers.corrections import apply_corrections
from postes.offers.deadline_versions import ACCEPTED, judge_deadline
from postes.offers.model import Corps, Offer
from postes.storage.corrections import list_corrections
from postes.storage.deadline_history import deadlines_seen, record_deadline_change
from postes.storage.models import OfferRow
from postes.storage.search import index_columns

SaveStatus = Literal["stored", "updated", "unchanged"]
DeadlineChange = tuple[date | None, date | None]
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving a parsed notice did; `deadline_change` is (old, new) when it moved."""

    status: SaveStatus
    offer_id: int
    deadline_change: DeadlineChange | None = None


def normalise_reference(reference: str) -> str:
    """`3134-25-0834/sr ` and `3134 - 25-0834/SR` both become `3134-25-0834/SR`."""
    return _SPACES.sub("", reference).upper()


def offer_columns(offer: Offer) -> dict[str, Any]:
    """The offers row values for a parsed notice (bulk loads use it too)."""
    return {
        "reference": normalise_reference(offer.reference) if offer.reference else None,
        "content_hash": offer.content_hash,
        "title": offer.title,
        "reference_date": offer.reference_date,
        "employer": offer.employer,
        "direction": offer.direction,
        "corps": [
            {"name": c.name, "grade": c.grade, "speciality": c.speciality, "category": c.category}
            for c in offer.corps
        ],
        "posts": offer.posts,
        "workplace": offer.workplace,
        "published_on": offer.published_on,
        "deadline": offer.deadline,
        "deadline_time": offer.deadline_time.strftime("%H:%M") if offer.deadline_time else None,
        "no_deadline": offer.no_deadline,
        "initial_deadline": offer.initial_deadline,
        "start_date": offer.start_date,
        "start_text": offer.start_text,
        "residence": offer.residence,
        "contact": offer.contact,
        "body": offer.body,
        "unreadable": dict(offer.unreadable),
        "found": dict(offer.found),
        "review": offer.review,
        **index_columns(offer),
    }


async def _find_same_notice(
    *, session: AsyncSession, offer: Offer, by_text: bool = False
) -> OfferRow | None:
    # The reference identifies a notice across re-publications; without one, its text does.
    # Locked (PostgreSQL) so that two processes updating one notice do it one after the other.
    same = OfferRow.content_hash == offer.content_hash
    if offer.reference:
        by_reference = OfferRow.reference == normalise_reference(offer.reference)
        same = (by_reference | same) if by_text else by_reference
    return await session.scalar(select(OfferRow).where(same).with_for_update())


async def _insert_new(session: AsyncSession, values: dict[str, Any]) -> int | None:
    """Insert a new offer row; None if another process stored the same notice first."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return await session.scalar(
        insert(OfferRow).values(**values).on_conflict_do_nothing().returning(OfferRow.id)
    )


async def save_offer(
    *, session: AsyncSession, offer: Offer, now: datetime, announce: bool = True
) -> SaveResult:
    """Store a parsed notice, or update the one already stored under its reference or text.

    An operator's corrections of the stored notice win over what this parse read. A copy whose
    deadline the offer already had, or that moves it earlier without saying so, is an older
    copy and changes nothing (see `offers.deadline_versions`). With `announce` false (sample
    notices, re-dated at each load) a deadline move is stored but never told to anyone.
    """
    row = await _find_same_notice(session=session, offer=offer)
    if row is None:
        values = offer_columns(offer) | {"open_until": offer.open_until(now.date())}
        new = values | {"source": offer.source, "created_at": now, "updated_at": now}
        offer_id = await _insert_new(session, new)
        if offer_id is not None:
            return SaveResult(status="stored", offer_id=offer_id)
        # Another process stored it since we looked (its insert has committed by now, ours
        # waited for it): update that one, as if we had come second.
        row = await _find_same_notice(session=session, offer=offer, by_text=True)
        if row is None:
            raise LookupError(f"offer {offer.reference or offer.content_hash} vanished")
    return await _update(session, row, offer, now, announce=announce)


async def _update(
    session: AsyncSession, row: OfferRow, offer: Offer, now: datetime, *, announce: bool
) -> SaveResult:
    identity = offer.content_hash  # of the notice as parsed, so a re-ingest finds it again
    offer = apply_corrections(offer, await list_corrections(session=session, offer_id=row.id))
    values = offer_columns(offer)
    values["content_hash"] = identity
    values["open_until"] = offer.open_until(row.created_at.date())

    if offer.published_on and row.published_on and offer.published_on < row.published_on:
        # An older version of a notice we already hold (ingested after its extension):
        # applying it would move the deadline back and alert users for nothing.
        return SaveResult(status="unchanged", offer_id=row.id)

    change: DeadlineChange | None = None
    if row.deadline != offer.deadline:
        verdict = judge_deadline(
            current=row.deadline,
            copy=offer.deadline,
            cited=offer.initial_deadline,
            seen=await deadlines_seen(session=session, row=row),
        )
        if verdict not in ACCEPTED:
            _flag_unannounced(row, offer, verdict)
            return SaveResult(status="unchanged", offer_id=row.id)
        change = (row.deadline, offer.deadline)
    # Remember the first deadline we saw when a re-publication moves it and does not say so
    # (unless the move is no news, as for samples re-dated each day).
    moved = row.deadline if change and announce else None
    initial = offer.initial_deadline or row.initial_deadline or moved
    values["initial_deadline"] = None if initial == offer.deadline else initial
    if offer.source:
        row.source = offer.source  # the notice may have moved; that alone is no update
    if all(getattr(row, name) == value for name, value in values.items()):
        return SaveResult(status="unchanged", offer_id=row.id)

    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = now
    if change and announce:
        record_deadline_change(
            session=session, offer_id=row.id, old=change[0], new=change[1], now=now
        )
    await session.flush()
    return SaveResult(status="updated", offer_id=row.id, deadline_change=change)


def _flag_unannounced(row: OfferRow, offer: Offer, verdict: str) -> None:
    # An earlier date no document announced may be a misprint or a shortening told some
    # other way: the offer keeps its deadline, and a person is asked to check.
    if verdict == "unannounced_earlier" and offer.deadline is not None:
        row.review = (
            f"une copie de l'avis donne une date limite antérieure "
            f"({offer.deadline.strftime('%d/%m/%Y')}) sans l'annoncer : vérifier l'avis"
        )


async def get_offer(*, session: AsyncSession, offer_id: int) -> OfferRow | None:
    """The offer with this id, if any."""
    return await session.get(OfferRow, offer_id)


async def get_offer_by_reference(*, session: AsyncSession, reference: str) -> OfferRow | None:
    """The offer with this reference, however the user typed its case and spaces."""
    wanted = normalise_reference(reference)
    if not wanted:
        return None
    return await session.scalar(select(OfferRow).where(OfferRow.reference == wanted))


def offer_from_row(row: OfferRow) -> Offer:
    """Rebuild the domain Offer from its row."""
    return Offer(
        title=row.title,
        body=row.body,
        reference=row.reference,
        reference_date=row.reference_date,
        employer=row.employer,
        direction=row.direction,
        corps=[Corps(**item) for item in row.corps],
        posts=row.posts,
        workplace=row.workplace,
        published_on=row.published_on,
        deadline=row.deadline,
        deadline_time=time.fromisoformat(row.deadline_time) if row.deadline_time else None,
        initial_deadline=row.initial_deadline,
        no_deadline=bool(row.no_deadline),
        start_date=row.start_date,
        start_text=row.start_text,
        residence=row.residence,
        contact=row.contact,
        source=row.source,
        unreadable=dict(row.unreadable),
        found=dict(row.found or {}),
        review=row.review,
    )


def is_open_clause(today: date) -> Any:
    """The SQL test of `is_open`."""
    return OfferRow.open_until >= today


def is_open(offer: OfferRow, today: date) -> bool:
    """Whether applications are still taken on `today`: the one test, as `is_open_clause` in SQL."""
    return offer.open_until is not None and offer.open_until >= today


async def list_recent_open_offers(
    *, session: AsyncSession, today: date, limit: int = 10, offset: int = 0
) -> list[OfferRow]:
    """Open offers (see `Offer.open_until`), most recently published first."""
    result = await session.scalars(
        select(OfferRow)
        .where(is_open_clause(today))
        # Unknown publication dates go last; then the notices we saw most recently.
        .order_by(
            OfferRow.published_on.is_(None),
            OfferRow.published_on.desc(),
            OfferRow.created_at.desc(),
            OfferRow.id.desc(),
        )
        .limit(limit)
        .offset(offset)
    )
    return list(result)


async def count_open_offers(*, session: AsyncSession, today: date) -> int:
    """How many offers are still open on `today`."""
    count = await session.scalar(
        select(func.count()).select_from(OfferRow).where(is_open_clause(today))
    )
    return int(count or 0)
