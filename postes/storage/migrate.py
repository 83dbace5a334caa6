"""Apply Alembic migrations from code: `postes db upgrade` and every start call this."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")
# Search objects of migration 0002 that the models do not describe (FTS5 tables and a narrow
# index on SQLite, a generated tsvector column and its index on PostgreSQL).
_OUTSIDE_MODELS = (
    "offers_fts",
    "search_vector",
    "ix_offers_search_vector",
    "ix_offers_id_deadline",
    "ix_offers_id_open_until",
)


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Keep autogenerate from proposing to drop the full-text search objects."""
    return not (name or "").startswith(_OUTSIDE_MODELS)


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at our migrations, without an alembic.ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


async def upgrade_database(engine: AsyncEngine) -> None:
    """Bring the schema of `engine`'s database to the latest revision."""

    def _upgrade(connection: object) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)
