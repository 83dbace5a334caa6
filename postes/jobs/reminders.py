"""Reminders before deadlines, derived from the database on every run.

A chat is reminded of an open offer it follows, or was alerted about, at `reminder_time`
local time N days before the deadline, for each N of its `reminder_days`. Nothing lives in
memory: each run computes which reminders are due and enqueues the missing ones, so a
reminder whose time passed while the bot was down is still sent, once.

Rules:
- never after the deadline (the end of its local day), and never for an N whose time came
  before the chat knew of the offer (an alert two days before the deadline is no "J-7");
- when several are due (downtime, or a late follow), only the nearest one (smallest N) is
  sent: two reminders in a row would say the same thing;
- the kind carries the deadline (`reminder:7:2025-08-29`), so when a deadline is extended
  the reminders for the new date are owed afresh;
- paused or inactive chats are skipped; on resume, the nearest reminder still due is sent;
- an offer the chat applied to, or said it is not interested in, gets none (`decisions`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from postes.clock import Clock
from postes.jobs.localtime import as_utc, at_local, end_of_day, local_today
from postes.storage.decisions import undecided
from postes.storage.models import ChatRow, FollowRow, OfferRow, OutboxRow
from postes.storage.outbox import LIVE_ALERT_STATUSES, NewMessage, enqueue_messages

logger = logging.getLogger(__name__)

MAX_REMINDER_DAYS = 60  # config.py accepts reminder days up to this


def reminder_kind(days: int, deadline: date) -> str:
    """Outbox kind of the N-days reminder for one deadline."""
    return f"reminder:{days}:{deadline.isoformat()}"


def due_reminder(
    *,
    deadline: date,
    reminder_days: Iterable[int],
    known_since: datetime,
    now: datetime,
    zone: ZoneInfo,
    reminder_time: time,
) -> int | None:
    """The N of the reminder to send now, or None; see the module docstring for the rules."""
    if now >= end_of_day(deadline, zone):
        return None
    due = [
        days
        for days in set(reminder_days)
        if known_since < at_local(deadline - timedelta(days=days), reminder_time, zone) <= now
    ]
    return min(due) if due else None


async def _known_pairs(
    *, session: AsyncSession, first: date, last: date
) -> dict[tuple[int, int], datetime]:
    """(chat, offer) pairs that deserve reminders, with when the chat learned of the offer."""
    open_offer = OfferRow.deadline.between(first, last)
    live_chat = (ChatRow.active.is_(True), ChatRow.paused.is_(False))
    follows_undecided = undecided(FollowRow.chat_id, FollowRow.offer_id)
    follows = (
        select(FollowRow.chat_id, FollowRow.offer_id, FollowRow.created_at)
        .join(OfferRow, OfferRow.id == FollowRow.offer_id)
        .join(ChatRow, ChatRow.id == FollowRow.chat_id)
        .where(open_offer, *live_chat, follows_undecided)
    )
    alerts = (
        select(OutboxRow.chat_id, OutboxRow.offer_id, OutboxRow.created_at)
        .join(OfferRow, OfferRow.id == OutboxRow.offer_id)
        .join(ChatRow, ChatRow.id == OutboxRow.chat_id)
        .where(OutboxRow.kind == "alert", OutboxRow.status.in_(LIVE_ALERT_STATUSES))
        .where(open_offer, *live_chat, undecided(OutboxRow.chat_id, OutboxRow.offer_id))
    )
    pairs: dict[tuple[int, int], datetime] = {}
    for statement in (follows, alerts):
        for chat_id, offer_id, created in await session.execute(statement):
            key, created = (chat_id, offer_id), as_utc(created)
            pairs[key] = min(pairs.get(key, created), created)
    return pairs


async def enqueue_due_reminders(
    *, sessions: async_sessionmaker, clock: Clock, zone: ZoneInfo, reminder_time: time
) -> int:
    """Enqueue the reminders due now that are not in the outbox yet; return how many."""
    now = clock()
    today = local_today(now, zone)
    async with sessions() as session, session.begin():
        pairs = await _known_pairs(
            session=session, first=today, last=today + timedelta(days=MAX_REMINDER_DAYS)
        )
        if not pairs:
            return 0
        offer_ids = {offer_id for _, offer_id in pairs}
        chat_ids = {chat_id for chat_id, _ in pairs}
        deadlines = {
            offer_id: deadline
            for offer_id, deadline in await session.execute(
                select(OfferRow.id, OfferRow.deadline).where(OfferRow.id.in_(offer_ids))
            )
        }
        days_of = {
            chat_id: days
            for chat_id, days in await session.execute(
                select(ChatRow.id, ChatRow.reminder_days).where(ChatRow.id.in_(chat_ids))
            )
        }
        messages = []
        for (chat_id, offer_id), known_since in pairs.items():
            deadline = deadlines[offer_id]
            days = due_reminder(
                deadline=deadline,
                reminder_days=days_of[chat_id] or (),
                known_since=known_since,
                now=now,
                zone=zone,
                reminder_time=reminder_time,
            )
            if days is not None:
                payload = {"days": days, "deadline": deadline.isoformat()}
                kind = reminder_kind(days, deadline)
                messages.append(NewMessage(chat_id, offer_id, kind, now, payload))
        added = await enqueue_messages(session=session, messages=messages, now=now)
    if added:
        logger.info("%d reminders enqueued", added)
    return added
