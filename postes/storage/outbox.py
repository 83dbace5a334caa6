"""The outbox: messages owed to chats, enqueued idempotently and claimed before sending.

Statuses: "pending" (to send at `due_at`), "held" (an alert waiting for the chat's digest),
"in_digest" (an alert gathered into a digest not sent yet), "included" (an alert that went
out in a digest), "sent", "failed" (refused, or gave up
after retries; `last_error` says why) and "dropped" (no longer worth sending).

Enqueueing is INSERT … ON CONFLICT DO NOTHING on (chat_id, offer_id, kind), so re-runs,
restarts and a second scheduler never enqueue a message twice. Sending claims rows with a
short lease (`claimed_by`, `claimed_until`) that the sender renews while it works: two
senders never send the same row, and the rows of a sender killed mid-way become claimable
again when its lease runs out, or at once when its heartbeat goes stale
(`leases.release_claims_of_dead_workers`). On PostgreSQL the claim skips rows another
sender is claiming (`FOR UPDATE SKIP LOCKED`) instead of queueing behind it. A chat with a
row claimed by another sender is left to that sender, so its messages keep their order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from postes.storage.models import ChatRow, OutboxRow

# Rows per INSERT statement: well under SQLite's limit on bound parameters.
_CHUNK = 500
LIVE_ALERT_STATUSES = ("pending", "held", "in_digest", "included", "sent")
# What becomes of a digest's alerts when the digest itself is settled: sent, they were
# included; refused, they wait for the next digest; no longer worth sending, neither are they.
_DIGEST_OUTCOME = {"sent": "included", "failed": "held", "dropped": "dropped"}


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to enqueue."""

    chat_id: int
    offer_id: int
    kind: str
    due_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    status: str = "pending"


async def enqueue_messages(
    *, session: AsyncSession, messages: Iterable[NewMessage], now: datetime
) -> int:
    """Insert messages not already in the outbox; return how many were new."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    messages = list(messages)
    where = await _chat_addresses(session, {m.chat_id for m in messages})
    rows = [
        {
            "chat_id": m.chat_id,
            "platform": where[m.chat_id][0],
            "workspace": where[m.chat_id][1],
            "offer_id": m.offer_id,
            "kind": m.kind,
            "status": m.status,
            "due_at": m.due_at,
            "payload": m.payload,
            "attempts": 0,
            "created_at": now,
        }
        for m in messages
        if m.chat_id in where  # a chat deleted meanwhile (/stop) is owed nothing
    ]
    inserted = 0
    for start in range(0, len(rows), _CHUNK):
        statement = insert(OutboxRow).on_conflict_do_nothing().returning(OutboxRow.id)
        result = await session.execute(statement, rows[start : start + _CHUNK])
        inserted += len(result.all())
    return inserted


async def _chat_addresses(
    session: AsyncSession, chat_ids: Collection[int]
) -> dict[int, tuple[str, str]]:
    """(platform, workspace) of each chat, which its outbox rows carry."""
    found: dict[int, tuple[str, str]] = {}
    ids = sorted(chat_ids)
    for start in range(0, len(ids), _CHUNK):
        rows = await session.execute(
            select(ChatRow.id, ChatRow.platform, ChatRow.workspace).where(
                ChatRow.id.in_(ids[start : start + _CHUNK])
            )
        )
        found.update({row.id: (row.platform, row.workspace) for row in rows})
    return found


async def claim_due(
    *,
    session: AsyncSession,
    now: datetime,
    token: str,
    until: datetime,
    limit: int,
    platforms: Collection[str] | None = None,
) -> list[tuple[OutboxRow, ChatRow]]:
    """Claim up to `limit` due pending rows of active, unpaused chats, oldest due first.

    With `platforms`, only rows for those platforms: the others wait for a sender that can
    deliver them (another process, or this one once that platform is configured).
    """
    claimable = or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < now)
    other = aliased(OutboxRow)
    held_elsewhere = exists().where(
        other.chat_id == OutboxRow.chat_id,
        other.status == "pending",
        other.claimed_by != token,
        other.claimed_until >= now,
    )
    served = OutboxRow.platform.in_(sorted(platforms)) if platforms is not None else true()
    ids = list(
        await session.scalars(
            select(OutboxRow.id)
            .join(ChatRow, ChatRow.id == OutboxRow.chat_id)
            .where(
                served,
                OutboxRow.status == "pending",
                OutboxRow.due_at <= now,
                claimable,
                ChatRow.active.is_(True),
                ChatRow.paused.is_(False),
                ~held_elsewhere,
            )
            .order_by(OutboxRow.due_at, OutboxRow.id)
            .limit(limit)
            # PostgreSQL: rows another sender is claiming right now are skipped, not waited
            # for (SQLite has no row locks and serialises writers anyway; nothing renders).
            .with_for_update(of=OutboxRow, skip_locked=True)
        )
    )
    if not ids:
        return []
    # Re-checking the conditions in the UPDATE is what makes the claim exclusive: a second
    # sender that selected the same ids finds them claimed once the first one commits.
    await session.execute(
        update(OutboxRow)
        .where(OutboxRow.id.in_(ids), OutboxRow.status == "pending", claimable)
        .values(claimed_by=token, claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    rows = await session.execute(
        select(OutboxRow, ChatRow)
        .join(ChatRow, ChatRow.id == OutboxRow.chat_id)
        .where(OutboxRow.id.in_(ids), OutboxRow.claimed_by == token)
        .order_by(OutboxRow.due_at, OutboxRow.id)
    )
    return [(row, chat) for row, chat in rows]


async def finish_message(
    *, session: AsyncSession, row_id: int, token: str | None = None, **values: Any
) -> bool:
    """Record what became of a claimed row (sent, failed, rescheduled) and release it.

    With `token`, only while the row is still claimed by it: False means the claim was lost
    (released as ours looked dead) and the row's fate is another sender's to record.
    """
    mine = [] if token is None else [OutboxRow.claimed_by == token]
    result = await session.execute(
        update(OutboxRow)
        .where(OutboxRow.id == row_id, *mine)
        .values(claimed_by=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def renew_claims(*, session: AsyncSession, token: str, until: datetime) -> int:
    """Extend the lease of every pending row `token` holds, while it is sending them."""
    result = await session.execute(
        update(OutboxRow)
        .where(OutboxRow.claimed_by == token, OutboxRow.status == "pending")
        .values(claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def settle_digest_alerts(
    *, session: AsyncSession, alert_ids: Iterable[int], digest_status: str
) -> None:
    """Give a digest's alerts the outcome of the digest (see `_DIGEST_OUTCOME`)."""
    status = _DIGEST_OUTCOME.get(digest_status)
    ids = list(alert_ids)
    if status is None or not ids:
        return
    await session.execute(
        update(OutboxRow)
        .where(OutboxRow.id.in_(ids), OutboxRow.status == "in_digest")
        .values(status=status)
        .execution_options(synchronize_session=False)
    )


async def count_by_status(*, session: AsyncSession) -> dict[str, int]:
    """How many outbox rows are in each status."""
    rows = await session.execute(
        select(OutboxRow.status, func.count(OutboxRow.id)).group_by(OutboxRow.status)
    )
    return {status: int(count) for status, count in rows}


async def list_messages(
    *, session: AsyncSession, chat_id: int | None = None, kinds: Sequence[str] = ()
) -> list[OutboxRow]:
    """Outbox rows, oldest first, optionally of one chat or kind prefixes (tests, console)."""
    statement = select(OutboxRow).order_by(OutboxRow.id)
    if chat_id is not None:
        statement = statement.where(OutboxRow.chat_id == chat_id)
    if kinds:
        statement = statement.where(or_(*(OutboxRow.kind.startswith(k) for k in kinds)))
    return list(await session.scalars(statement))
