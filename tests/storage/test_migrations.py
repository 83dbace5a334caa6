import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from postes.storage.db import create_engine
from postes.storage.migrate import alembic_config, include_object, upgrade_database
from postes.storage.models import Base
from tests.conftest import POSTGRES_URL, postgres_skip_reason


async def test_upgrade_creates_every_table_and_is_idempotent(engine: AsyncEngine) -> None:
    await upgrade_database(engine)  # second run: nothing to do, no error

    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))

    assert {"offers", "chats", "subscriptions", "outbox", "documents", "follows"} <= tables


async def test_models_and_migrations_describe_the_same_schema(engine: AsyncEngine) -> None:
    def differences(connection: Connection) -> list:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_open_until_is_backfilled_for_offers_stored_before_it_existed(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    created = datetime(2025, 3, 1, 22, 0, tzinfo=UTC)

    def upgrade_to(revision: str) -> Callable[[Connection], None]:
        def run(connection: Connection) -> None:
            config = alembic_config(str(engine.url))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

        return run

    async with engine.begin() as connection:
        await connection.run_sync(upgrade_to("0003"))
        old = [
            (1, date(2025, 4, 11), date(2025, 3, 21)),  # dated: open until its deadline
            (2, None, date(2025, 3, 21)),  # undated: 60 days after publication
            (3, None, None),  # neither: 60 days after we first saw it (2025-03-01 UTC)
        ]
        for offer_id, deadline, published_on in old:
            await connection.execute(
                text(
                    "INSERT INTO offers (id, content_hash, title, corps, posts, body,"
                    " unreadable, search_text, title_terms, employer_terms, corps_terms,"
                    " deadline, published_on, created_at, updated_at)"
                    " VALUES (:id, :hash, 'Avis', '[]', 1, '', '{}', '', '', '', '[]',"
                    " :deadline, :published_on, :created, :created)"
                ),
                {
                    "id": offer_id,
                    "hash": f"h{offer_id}",
                    "deadline": deadline,
                    "published_on": published_on,
                    "created": created,
                },
            )
        await connection.run_sync(upgrade_to("head"))
        rows = (await connection.execute(text("SELECT id, open_until FROM offers"))).all()
    await engine.dispose()

    assert sorted((i, str(d)) for i, d in rows) == [
        (1, "2025-04-11"),
        (2, "2025-05-20"),
        (3, "2025-04-30"),
    ]


@asynccontextmanager
async def _fresh_database(backend: str, tmp_path: Path) -> AsyncIterator[Callable[[], AsyncEngine]]:
    """A database nothing has migrated yet; yields a factory of engines (one pool each)."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}"
        yield lambda: create_engine(url)
        return
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield lambda: create_engine(
            POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}}
        )
    finally:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_concurrent_upgrades_of_a_new_database_all_succeed(
    backend: str, tmp_path: Path
) -> None:
    for _ in range(3):  # a race that loses once in a while still shows in three rounds
        async with _fresh_database(backend, tmp_path) as new_engine:
            engines = [new_engine() for _ in range(4)]
            try:
                # Racing upgrades may also deadlock each other: bound the wait.
                outcomes = await asyncio.wait_for(
                    asyncio.gather(
                        *(upgrade_database(engine) for engine in engines), return_exceptions=True
                    ),
                    30,
                )
                async with engines[0].connect() as connection:
                    versions = (
                        await connection.execute(text("SELECT version_num FROM alembic_version"))
                    ).all()
                    tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            finally:
                for engine in engines:
                    await engine.dispose()

        assert [o for o in outcomes if o is not None] == []
        assert len(versions) == 1
        assert {"offers", "chats", "subscriptions", "outbox"} <= tables


async def test_workplace_terms_are_backfilled_for_offers_stored_before_lieu_existed(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    created = datetime(2025, 3, 1, 22, 0, tzinfo=UTC)

    def upgrade_to(revision: str) -> Callable[[Connection], None]:
        def run(connection: Connection) -> None:
            config = alembic_config(str(engine.url))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

        return run

    def downgrade_to_0006(connection: Connection) -> None:
        config = alembic_config(str(engine.url))
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")

    async with engine.begin() as connection:
        await connection.run_sync(upgrade_to("0006"))
        for offer_id, workplace in ((1, "Païta - Tontouta"), (2, None)):
            await connection.execute(
                text(
                    "INSERT INTO offers (id, content_hash, title, corps, posts, body,"
                    " unreadable, search_text, title_terms, employer_terms, corps_terms,"
                    " workplace, created_at, updated_at)"
                    " VALUES (:id, :hash, 'Avis', '[]', 1, '', '{}', '', '', '', '[]',"
                    " :workplace, :created, :created)"
                ),
                {
                    "id": offer_id,
                    "hash": f"h{offer_id}",
                    "workplace": workplace,
                    "created": created,
                },
            )
        await connection.run_sync(upgrade_to("head"))
        rows = (await connection.execute(text("SELECT id, workplace_terms FROM offers"))).all()
        await connection.run_sync(downgrade_to_0006)  # and back down, keeping the offers
        left = (await connection.execute(text("SELECT count(*) FROM offers"))).scalar_one()
    await engine.dispose()

    assert sorted(rows) == [(1, "paita tontouta"), (2, "")]
    assert left == 2


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_forgiving_input_downgrade_keeps_chats_and_subscriptions(
    backend: str, tmp_path: Path
) -> None:
    async with _fresh_database(backend, tmp_path) as new_engine:
        engine = new_engine()
        try:
            await upgrade_database(engine)
            async with engine.begin() as connection:
                await connection.execute(
                    text(
                        "INSERT INTO chats (id, platform, workspace, external_id, kind, active,"
                        " paused, reminder_days, created_at, pending)"
                        " VALUES (1, 'telegram', '', '5', 'private', true, false, '[7]', :now,"
                        ' \'{"kind": "keywords"}\')'
                    ),
                    {"now": datetime(2025, 3, 1, tzinfo=UTC)},
                )
                await connection.execute(
                    text(
                        "INSERT INTO subscriptions (id, chat_id, employers, corps, keywords,"
                        " places, any_keywords, paused, created_at)"
                        " VALUES (1, 1, '[]', '[]', '[\"a\", \"b\"]', '[\"Koné\"]', true, false,"
                        " :now)"
                    ),
                    {"now": datetime(2025, 3, 1, tzinfo=UTC)},
                )
                await connection.execute(
                    text(
                        "INSERT INTO subscription_terms (subscription_id, kind, term)"
                        " VALUES (1, 'keyword', 'a')"
                    )
                )

                def downgrade(sync: Connection) -> None:
                    config = alembic_config(str(engine.url))
                    config.attributes["connection"] = sync
                    command.downgrade(config, "0008-1")

                await connection.run_sync(downgrade)
                counts = [
                    (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
                    for table in ("chats", "subscriptions", "subscription_terms")
                ]
                columns = await connection.run_sync(
                    lambda c: {col["name"] for col in inspect(c).get_columns("subscriptions")}
                )
        finally:
            await engine.dispose()

    assert counts == [1, 1, 1]
    assert "places" not in columns
