"""Documents repository: what each source delivered, and what became of it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import DocumentRow

DocumentStatus = Literal["stored", "updated", "unchanged", "rejected"]


async def find_document(*, session: AsyncSession, source: str, uri: str) -> DocumentRow | None:
    """The document last seen at `uri` from `source`, if any."""
    return await session.scalar(
        select(DocumentRow).where(DocumentRow.source == source, DocumentRow.uri == uri)
    )


async def record_document(
    *,
    session: AsyncSession,
    source: str,
    uri: str,
    content_hash: str,
    status: DocumentStatus,
    reason: str | None,
    offer_id: int | None,
    now: datetime,
) -> DocumentRow:
    """Record the latest outcome for a document; one row per (source, uri).

    An upsert: two processes recording the same document both succeed, the last one wins.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    outcome = {
        "content_hash": content_hash,
        "status": status,
        "reason": reason,
        "offer_id": offer_id,
        "seen_at": now,
    }
    statement = insert(DocumentRow).values(source=source, uri=uri, **outcome)
    row_id = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[DocumentRow.source, DocumentRow.uri], set_=outcome
        ).returning(DocumentRow.id)
    )
    row = await session.get(DocumentRow, row_id, populate_existing=True)
    assert row is not None
    return row


async def list_rejected_documents(
    *, session: AsyncSession, limit: int = 20, source: str | None = None
) -> list[DocumentRow]:
    """Documents kept aside, most recently seen first, for the admins to look at."""
    stmt = select(DocumentRow).where(DocumentRow.status == "rejected")
    if source is not None:
        stmt = stmt.where(DocumentRow.source == source)
    stmt = stmt.order_by(DocumentRow.seen_at.desc(), DocumentRow.id.desc()).limit(limit)
    return list(await session.scalars(stmt))
