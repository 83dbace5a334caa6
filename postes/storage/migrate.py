"""Apply Alembic migrations from code: `postes db upgrade` and every start call this.

Two processes started together on a new database would both create the tables ("table chats
already exists"), so the upgrade runs under a lock: a session-level advisory lock on
PostgreSQL, an exclusive `flock` on a file beside the database on SQLite.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Search objects of migration 0002 that the models do not describe (FTS5 tables and a narrow
# index on SQLite, a generated tsvector column and its index on PostgreSQL).
_OUTSIDE_MODELS = (
    "offers_fts",
    "search_vector",
    "ix_offers_search_vector",
    "ix_offers_id_deadline",
    "ix_offers_id_open_until",
    # Migration 0012: tables of slack_sdk's installation and OAuth state stores, described by
    # slack_sdk itself (tests/slack/test_oauth.py checks they match).
    "slack_",
)


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Keep autogenerate from proposing to drop objects the models do not describe."""
    return not (name or "").startswith(_OUTSIDE_MODELS)


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at our migrations, without an alembic.ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


# pg_advisory_lock(int4, int4): this constant names "postes migrations" ("post" in ASCII), the
# second key the schema, so that databases in other schemas migrate independently.
_PG_LOCK_SPACE = 0x706F7374
_PG_LOCK = text("SELECT pg_advisory_lock(:space, hashtext(coalesce(current_schema(), '')))")
_PG_UNLOCK = text("SELECT pg_advisory_unlock(:space, hashtext(coalesce(current_schema(), '')))")
_FLOCK_POLL_SECONDS = 0.05
# Alembic keeps the running migration in a module global (`alembic.context`): two upgrades
# interleaved in one event loop, even of different databases, would mix their contexts.
_IN_PROCESS: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = WeakKeyDictionary()


def _upgrade_to_head(connection: Connection, url: str) -> None:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _lock_path(database: str) -> Path | None:
    """The file whose lock guards migrations of a SQLite file; None for an in-memory one."""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).with_name(Path(database).name + ".migrate-lock")


@asynccontextmanager
async def _file_lock(path: Path | None) -> AsyncIterator[None]:
    # Polled rather than blocking in a thread, so that a cancelled wait leaves no thread
    # behind to take the lock later.
    if path is None:  # nothing another process could open
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                await asyncio.sleep(_FLOCK_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # releases the lock


@asynccontextmanager
async def _advisory_lock(connection: AsyncConnection) -> AsyncIterator[None]:
    # Session-level, so it also covers migrations that commit part-way (autocommit blocks);
    # held on this one connection, which the caller keeps out of the pool until released.
    await connection.execute(_PG_LOCK, {"space": _PG_LOCK_SPACE})
    await connection.commit()
    try:
        yield
    finally:
        try:
            if connection.in_transaction():
                await connection.rollback()
            await connection.execute(_PG_UNLOCK, {"space": _PG_LOCK_SPACE})
            await connection.commit()
        except Exception:  # whatever the upgrade's outcome, it stands; only the lock is left
            # The server frees the lock with the session: close it rather than pool it.
            logger.warning("migration lock not released; dropping its connection", exc_info=True)
            await connection.invalidate()


async def upgrade_database(engine: AsyncEngine) -> None:
    """Bring the schema of `engine`'s database to the latest revision, one process at a time."""
    url = engine.url.render_as_string(hide_password=False)
    loop = asyncio.get_running_loop()
    async with _IN_PROCESS.setdefault(loop, asyncio.Lock()):
        if engine.dialect.name == "postgresql":
            async with (
                engine.connect() as connection,
                _advisory_lock(connection),
                connection.begin(),
            ):
                await connection.run_sync(_upgrade_to_head, url)
            return
        path = _lock_path(engine.url.database or "") if engine.dialect.name == "sqlite" else None
        async with _file_lock(path), engine.begin() as connection:
            await connection.run_sync(_upgrade_to_head, url)


def head_revision() -> str:
    """The revision the code expects (the newest migration)."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def check_schema(engine: AsyncEngine) -> str | None:
    """Why the database's schema cannot be used by this code, or None when it is current.

    For `postes run --no-migrate`: the schema is upgraded by one release step
    (`postes db upgrade`), not by every process that starts.
    """
    async with engine.connect() as connection:
        current = await connection.run_sync(_current_revision)
    head = head_revision()
    if current == head:
        return None
    if current is None:
        return "base de données non initialisée : lancez d'abord `postes db upgrade`"
    return (
        f"schéma de la base en révision {current}, le programme attend {head} :"
        " lancez d'abord `postes db upgrade`"
    )
