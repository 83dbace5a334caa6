"""Polling state of each source: HTTP validators, last poll, last success, last error."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import SourceStateRow


async def get_source_state(*, session: AsyncSession, key: str) -> SourceStateRow | None:
    """The stored state of a source, None before its first poll."""
    return await session.get(SourceStateRow, key)


async def record_poll(
    *,
    session: AsyncSession,
    key: str,
    now: datetime,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> SourceStateRow:
    """Record a poll: a success keeps the new validators, a failure keeps the old ones."""
    state = await session.get(SourceStateRow, key)
    if state is None:
        state = SourceStateRow(key=key)
        session.add(state)
    state.last_poll_at = now
    state.last_error = error
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
