"""Daily digests: chats with a `digest_hour` get one message listing the day's matches.

Alerts for such chats are enqueued "held", due at the chat's next digest hour (see
`alerts`). When that time comes, this job gathers a chat's due held alerts into one
`digest:<local date>` row (offer_id 0) and marks them "in_digest", in one transaction. They
become "included" only once the digest is sent (`deliver` settles them with the digest), so a
digest that fails gives its alerts back to the next one instead of losing them.
Held alerts of a chat that switched back to instant alerts are released as ordinary
alerts. Paused chats keep their held alerts until they resume.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.jobs.localtime import at_local, local_today
from postes.storage.models import ChatRow, OutboxRow
from postes.storage.outbox import NewMessage, enqueue_messages

logger = logging.getLogger(__name__)


async def enqueue_digests(*, sessions: async_sessionmaker, clock: Clock, zone: ZoneInfo) -> int:
    """Turn each chat's due held alerts into one digest message; return how many digests."""
    now = clock()
    today = local_today(now, zone)
    added = 0
    async with sessions() as session, session.begin():
        rows = await session.execute(
            select(OutboxRow, ChatRow)
            .join(ChatRow, ChatRow.id == OutboxRow.chat_id)
            .where(OutboxRow.status == "held", OutboxRow.due_at <= now)
            .where(ChatRow.active.is_(True), ChatRow.paused.is_(False))
            .order_by(OutboxRow.id)
        )
        by_chat: dict[int, list[OutboxRow]] = defaultdict(list)
        chats: dict[int, ChatRow] = {}
        for row, chat in rows:
            by_chat[chat.id].append(row)
            chats[chat.id] = chat
        for chat_id, held in by_chat.items():
            ids = [row.id for row in held]
            chat = chats[chat_id]
            if chat.digest_hour is None:
                await session.execute(
                    update(OutboxRow).where(OutboxRow.id.in_(ids)).values(status="pending")
                )
                continue
            payload = {
                "alert_ids": ids,
                "offers": [
                    {"offer_id": r.offer_id, "subscription_ids": r.payload.get("subscription_ids")}
                    for r in held
                ],
            }
            digest = NewMessage(chat_id, 0, f"digest:{today.isoformat()}", now, payload)
            if await enqueue_messages(session=session, messages=[digest], now=now):
                added += 1
                values: dict[str, object] = {"status": "in_digest"}
            else:
                # Today's digest is already out (the digest hour was moved later): tomorrow's.
                tomorrow = today + timedelta(days=1)
                values = {"due_at": at_local(tomorrow, time(chat.digest_hour, 0), zone)}
            await session.execute(update(OutboxRow).where(OutboxRow.id.in_(ids)).values(**values))
    if added:
        logger.info("digest enqueued to %d chats", added)
    return added
