from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from postes.storage.migrate import upgrade_database


async def test_upgrade_creates_every_table_and_is_idempotent(engine: AsyncEngine) -> None:
    await upgrade_database(engine)  # second run: nothing to do, no error

    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))

    assert {"offers", "chats", "subscriptions", "outbox", "documents", "follows"} <= tables
