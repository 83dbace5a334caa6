from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from postes.storage.migrate import include_object, upgrade_database
from postes.storage.models import Base


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
