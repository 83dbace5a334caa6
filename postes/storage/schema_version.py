"""Whether a database's schema is the one this code expects (its Alembic head)."""

from __future__ import annotations

from functools import cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.migrate import alembic_config


@cache
def expected_revisions() -> frozenset[str]:
    """The head revision(s) of the migrations shipped with this code."""
    return frozenset(ScriptDirectory.from_config(alembic_config("")).get_heads())


def _current(connection: Connection) -> frozenset[str]:
    return frozenset(MigrationContext.configure(connection).get_current_heads())


async def current_revisions(*, session: AsyncSession) -> frozenset[str]:
    """The revision(s) the database is at; empty when it was never migrated."""
    connection = await session.connection()
    return await connection.run_sync(_current)
