"""Figures about the outbox for monitoring: what waits, by platform and kind, and how long.

A row's kind is reduced to what it is ("reminder:7" and "digest:2025-08-01" count as
"reminder" and "digest"), so that metrics keep a handful of label values.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import OutboxRow


def kind_family(kind: str) -> str:
    """ "reminder:7" -> "reminder"."""
    return kind.split(":", 1)[0]


async def count_pending(*, session: AsyncSession) -> Counter[tuple[str, str]]:
    """Pending rows (due or not) by (platform, kind family)."""
    rows = await session.execute(
        select(OutboxRow.platform, OutboxRow.kind, func.count(OutboxRow.id))
        .where(OutboxRow.status == "pending")
        .group_by(OutboxRow.platform, OutboxRow.kind)
    )
    counts: Counter[tuple[str, str]] = Counter()
    for platform, kind, count in rows:
        counts[(platform, kind_family(kind))] += int(count)
    return counts


async def oldest_due_by_platform(*, session: AsyncSession, now: datetime) -> dict[str, datetime]:
    """When the longest-waiting pending row became due, per platform; rows due later (quiet
    hours, tomorrow's reminders) are not waiting yet and do not count."""
    rows = await session.execute(
        select(OutboxRow.platform, func.min(OutboxRow.due_at))
        .where(OutboxRow.status == "pending", OutboxRow.due_at <= now)
        .group_by(OutboxRow.platform)
    )
    return {platform: due for platform, due in rows if due is not None}
