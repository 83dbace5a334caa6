"""Document links that failed to download, each with its own retry time (back-off)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import LinkFailureRow


async def get_link_failure(
    *, session: AsyncSession, source: str, url: str
) -> LinkFailureRow | None:
    """The failure on record for this link of this source, if it is failing."""
    return await session.scalar(
        select(LinkFailureRow).where(LinkFailureRow.source == source, LinkFailureRow.url == url)
    )


async def record_link_failure(
    *,
    session: AsyncSession,
    source: str,
    url: str,
    error: str,
    now: datetime,
    retry_at: datetime,
) -> LinkFailureRow:
    """Count one more failure in a row for the link; it is not tried again before `retry_at`."""
    row = await get_link_failure(session=session, source=source, url=url)
    if row is None:
        row = LinkFailureRow(source=source, url=url, failures=0)
        session.add(row)
    row.failures += 1
    row.last_error = error
    row.failed_at = now
    row.retry_at = retry_at
    await session.flush()
    return row


async def forget_link_failures(
    *, session: AsyncSession, source: str, keep: Collection[str] | None = None
) -> None:
    """Forget the source's failing links, except those in `keep` (None forgets every one)."""
    stmt = delete(LinkFailureRow).where(LinkFailureRow.source == source)
    if keep is not None:
        # Filtered in Python: a page may link to more URLs than a statement may bind.
        rows = await session.scalars(select(LinkFailureRow).where(LinkFailureRow.source == source))
        gone = [row.id for row in rows if row.url not in keep]
        if not gone:
            return
        stmt = stmt.where(LinkFailureRow.id.in_(gone))
    await session.execute(stmt)


async def clear_link_failure(*, session: AsyncSession, source: str, url: str) -> None:
    """The link worked: forget its failures."""
    await session.execute(
        delete(LinkFailureRow).where(LinkFailureRow.source == source, LinkFailureRow.url == url)
    )


async def list_link_failures(*, session: AsyncSession) -> list[LinkFailureRow]:
    """Every failing link, by source then URL, for the status page."""
    stmt = select(LinkFailureRow).order_by(LinkFailureRow.source, LinkFailureRow.url)
    return list(await session.scalars(stmt))
