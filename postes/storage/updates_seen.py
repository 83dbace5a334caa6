"""Updates already handled, keyed by bot and update_id, so a retried delivery is handled once.

Telegram re-sends a webhook update it got no answer to, and a polling process killed before
confirming its offset receives the same updates again after a restart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import ProcessedUpdateRow


async def first_sight_of_update(
    *, session: AsyncSession, bot_id: int, update_id: int, now: datetime
) -> bool:
    """Record the update as handled; False if it already was (by any process)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = await session.execute(
        insert(ProcessedUpdateRow)
        .values(bot_id=bot_id, update_id=update_id, seen_at=now)
        .on_conflict_do_nothing()
        .returning(ProcessedUpdateRow.update_id)
    )
    return result.first() is not None


async def prune_processed_updates(*, session: AsyncSession, before: datetime) -> int:
    """Forget updates seen before `before` (Telegram keeps undelivered ones for 24 hours)."""
    result = await session.execute(
        delete(ProcessedUpdateRow).where(ProcessedUpdateRow.seen_at < before)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
