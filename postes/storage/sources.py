"""Polling state of each source: HTTP validators, last poll, last success, last error."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import SourceStateRow


async def get_source_state(
    *, session: AsyncSession, key: str, for_update: bool = False
) -> SourceStateRow | None:
    """The stored state of a source, None before its first poll.

    `for_update` locks the row until the transaction ends (PostgreSQL), so that two
    processes deciding whether to poll it decide one after the other.
    """
    return await session.get(SourceStateRow, key, with_for_update=for_update or None)


async def _state(session: AsyncSession, key: str) -> SourceStateRow:
    state = await session.get(SourceStateRow, key)
    if state is None:
        state = SourceStateRow(key=key)
        session.add(state)
    return state


async def record_poll_start(*, session: AsyncSession, key: str, now: datetime) -> None:
    """Mark the source's poll as running since `now`; `record_poll` clears the mark."""
    state = await _state(session, key)
    state.poll_started_at = now
    await session.flush()


async def record_poll(
    *,
    session: AsyncSession,
    key: str,
    now: datetime,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    retry_at: datetime | None = None,
    skipped: list[dict[str, str]] | None = None,
) -> SourceStateRow:
    """Record a poll: a success keeps the new validators, a failure keeps the old ones.

    `retry_at` is when the source asked to be polled again (None: at the next poll);
    `skipped` replaces what the previous poll left alone (None keeps it: the poll failed
    before it could tell).
    """
    state = await _state(session, key)
    state.last_poll_at = now
    state.last_error = error
    state.poll_started_at = None
    state.retry_at = retry_at
    if skipped is not None:
        state.skipped = skipped
    if error is None:
        state.last_ok_at = now
        if etag is not None:
            state.etag = etag
        if last_modified is not None:
            state.last_modified = last_modified
    await session.flush()
    return state


async def list_source_states(*, session: AsyncSession) -> list[SourceStateRow]:
    """Every source polled so far, by key."""
    return list(await session.scalars(select(SourceStateRow).order_by(SourceStateRow.key)))
