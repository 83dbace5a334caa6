"""Engine and session factory; SQLite gets WAL and foreign keys, PostgreSQL runs as is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

Sessions = async_sessionmaker


def is_sqlite(url: str) -> bool:
    """Tell whether a database URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the bot read while the scheduler writes; busy_timeout waits out short locks
    # instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _server_settings(options: str) -> dict[str, str]:
    """libpq's `options=-c name=value -c …` as asyncpg's `server_settings`."""
    settings: dict[str, str] = {}
    words = options.replace("-c ", "-c").split()
    for word in words:
        name, equals, value = word.removeprefix("-c").partition("=")
        if not word.startswith("-c") or not equals:
            raise ValueError(f"options PostgreSQL non comprises : {options!r} (-cnom=valeur)")
        settings[name] = value
    return settings


def create_engine(url: str, **options: Any) -> AsyncEngine:
    """Create the async engine for `url` with the per-backend settings we rely on.

    A PostgreSQL URL may carry libpq's `?options=-csearch_path%3Dmyschema` (asyncpg itself
    does not take `options`): each `-c` setting is passed to the server at connection.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and "options" in parsed.query:
        raw = parsed.query["options"]
        server = _server_settings(raw if isinstance(raw, str) else " ".join(raw))
        url = parsed.difference_update_query(["options"]).render_as_string(hide_password=False)
        connect_args = dict(options.pop("connect_args", {}))
        connect_args["server_settings"] = {**server, **connect_args.get("server_settings", {})}
        options["connect_args"] = connect_args
    engine = create_async_engine(url, pool_pre_ping=not is_sqlite(url), **options)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    return engine


def create_sessions(engine: AsyncEngine) -> async_sessionmaker:
    """One session per unit of work; objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
