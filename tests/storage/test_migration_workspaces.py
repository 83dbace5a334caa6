"""Migration 0007: chats get a workspace, outbox rows their chat's platform; reversible."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from postes.storage.migrate import alembic_config
from tests.storage.test_migrations import _fresh_database

NOW = datetime(2025, 7, 1, tzinfo=UTC)


def _run(url: str, action: Callable[..., None], revision: str) -> Callable[[Connection], None]:
    def run(connection: Connection) -> None:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        action(config, revision)

    return run


def _insert_chat(external_id: str, workspace: str | None = None) -> tuple[str, dict]:
    columns = "platform, external_id, kind, active, paused, reminder_days, created_at"
    values = ":platform, :ext, 'group', true, false, '[7, 1]', :now"
    if workspace is not None:
        columns, values = columns + ", workspace", values + ", :ws"
    sql = f"INSERT INTO chats ({columns}) VALUES ({values})"
    return sql, {"platform": "slack", "ext": external_id, "now": NOW, "ws": workspace}


async def _insert_alone(
    engine: AsyncEngine, external_id: str, workspace: str | None = None
) -> None:
    sql, params = _insert_chat(external_id, workspace)
    async with engine.begin() as connection:
        await connection.execute(text(sql), params)


async def _counts(connection: AsyncConnection) -> dict[str, int]:
    tables = ("outbox", "subscriptions", "subscription_terms")
    return {
        name: (await connection.execute(text(f"SELECT count(*) FROM {name}"))).scalar_one()
        for name in tables
    }


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_upgrade_keeps_queued_rows_and_keys_chats_by_workspace(
    backend: str, tmp_path: Path
) -> None:
    async with _fresh_database(backend, tmp_path) as new_engine:
        engine = new_engine()
        url = str(engine.url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(_run(url, command.upgrade, "0007-1"))
                await connection.execute(
                    text(
                        "INSERT INTO chats (platform, external_id, kind, active, paused,"
                        " reminder_days, created_at) VALUES ('telegram', '42', 'private',"
                        " true, false, '[7, 1]', :now)"
                    ),
                    {"now": NOW},
                )
                await connection.execute(
                    text(
                        "INSERT INTO outbox (chat_id, offer_id, kind, status, due_at, payload,"
                        " attempts, created_at) SELECT id, 0, 'digest:2025-07-01', 'pending',"
                        " :now, '{}', 0, :now FROM chats"
                    ),
                    {"now": NOW},
                )
                await connection.execute(
                    text(
                        "INSERT INTO subscriptions (chat_id, employers, corps, keywords, paused,"
                        " created_at) SELECT id, '[]', '[]', '[\"juriste\"]', false, :now"
                        " FROM chats"
                    ),
                    {"now": NOW},
                )
                await connection.execute(
                    text(
                        "INSERT INTO subscription_terms (subscription_id, kind, term)"
                        " SELECT id, 'keyword', 'jurist' FROM subscriptions"
                    )
                )
                await connection.run_sync(_run(url, command.upgrade, "0007"))
                kept = await _counts(connection)
                queued = (
                    await connection.execute(text("SELECT platform, workspace FROM outbox"))
                ).all()
                chat = (await connection.execute(text("SELECT workspace FROM chats"))).all()
                await connection.execute(
                    text(_insert_chat("C1", "T1")[0]), _insert_chat("C1", "T1")[1]
                )
                await connection.execute(
                    text(_insert_chat("C1", "T2")[0]), _insert_chat("C1", "T2")[1]
                )
            # SQLite rebuilds `chats`; what hangs off it must survive.
            assert kept == {"outbox": 1, "subscriptions": 1, "subscription_terms": 1}
            assert [tuple(r) for r in queued] == [("telegram", "")]
            assert [tuple(r) for r in chat] == [("",)]
            with pytest.raises(IntegrityError):
                await _insert_alone(engine, "C1", "T1")
            async with engine.begin() as connection:
                # Going back needs chat ids unique again without workspaces.
                await connection.execute(text("DELETE FROM chats WHERE platform = 'slack'"))
                await connection.run_sync(_run(url, command.downgrade, "-1"))
                assert await _counts(connection) == kept
                sql, params = _insert_chat("C1")
                await connection.execute(text(sql), params)
            with pytest.raises(IntegrityError):
                await _insert_alone(engine, "C1")
        finally:
            await engine.dispose()
