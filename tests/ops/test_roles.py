"""Roles and release steps: one scheduler/sender per SQLite file, schema checks, secrets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram import Update
from telegram.ext import ApplicationBuilder, MessageHandler, filters

from postes.cli import main
from postes.clock import FakeClock
from postes.commands import CommandError
from postes.config import Settings, TelegramSettings, settings_from_mapping
from postes.jobs.role_locks import RoleTaken, hold_role_locks, lock_path
from postes.platforms.telegram.dedupe import install_update_dedupe
from postes.runtime import run_bot
from postes.storage.db import _server_settings, create_engine
from postes.storage.migrate import alembic_config
from postes.storage.updates_seen import first_sight_of_update, prune_processed_updates
from tests.botapi.double import DEFAULT_TOKEN, FakeBotApi
from tests.botapi.transport import FakeRequest


def test_a_second_process_cannot_take_the_sender_role_of_a_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}"
    with hold_role_locks(url, ["updates", "sender"]) as exclusive:
        assert exclusive
        with pytest.raises(RoleTaken, match="« sender »"), hold_role_locks(url, ["sender"]):
            pass
        with hold_role_locks(url, ["scheduler", "updates"]):  # other roles stay free
            pass
    with hold_role_locks(url, ["sender"]):  # released with its holder
        pass


def test_role_locks_are_for_sqlite_files_only(tmp_path: Path) -> None:
    assert lock_path("postgresql+asyncpg://u@h/db", "sender") is None
    assert lock_path("sqlite+aiosqlite://", "sender") is None
    assert (
        lock_path(f"sqlite+aiosqlite:///{tmp_path}/p.db", "sender") == tmp_path / "p.db.sender-lock"
    )
    with hold_role_locks("postgresql+asyncpg://u@h/db", ["sender"]) as exclusive:
        assert not exclusive


def test_second_sender_on_one_sqlite_file_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}"
    monkeypatch.delenv("POSTES_CONFIG", raising=False)
    monkeypatch.setenv("POSTES_DATABASE_URL", url)
    monkeypatch.setenv("POSTES_TELEGRAM_TOKEN", DEFAULT_TOKEN)
    with hold_role_locks(url, ["sender"]):
        assert main(["run", "--role", "sender"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("postes: un autre processus tient déjà le rôle « sender »")


async def test_webhook_on_postgresql_requires_the_shared_secret() -> None:
    settings = Settings(
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        telegram=TelegramSettings(token=DEFAULT_TOKEN),
    )
    with pytest.raises(CommandError, match="webhook_secret"):
        await run_bot(
            settings, sessions=async_sessionmaker(), webhook_url="https://bot.example.nc/hook"
        )


def test_webhook_secret_comes_from_the_environment_too() -> None:
    env = {"POSTES_TELEGRAM_WEBHOOK_SECRET": "from-env"}
    settings = settings_from_mapping({"telegram": {"webhook_secret": "from-file"}}, env)
    assert settings.telegram.webhook_secret == "from-env"
    assert settings_from_mapping({}, {}).telegram.webhook_secret is None


def _at_revision(tmp_path: Path, revision: str) -> str:
    path = tmp_path / "old.db"
    url = f"sqlite+aiosqlite:///{path}"
    command.upgrade(alembic_config(url), revision)
    return url


def test_no_migrate_refuses_an_old_schema_and_db_check_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("POSTES_CONFIG", raising=False)
    monkeypatch.setenv("POSTES_DATABASE_URL", _at_revision(tmp_path, "0006"))
    monkeypatch.setenv("POSTES_TELEGRAM_TOKEN", DEFAULT_TOKEN)

    assert main(["run", "--no-migrate"]) == 2
    assert main(["db", "check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert all("révision 0006" in line and "postes db upgrade" in line for line in err)

    assert main(["db", "upgrade"]) == 0
    assert main(["db", "check"]) == 0
    assert "Schéma à jour" in capsys.readouterr().out


def test_no_migrate_on_an_empty_database_says_to_upgrade_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("POSTES_CONFIG", raising=False)
    monkeypatch.setenv("POSTES_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    assert main(["db", "check"]) == 2
    assert "non initialisée" in capsys.readouterr().err


def test_postgresql_options_in_the_url_become_server_settings() -> None:
    assert _server_settings("-csearch_path=app") == {"search_path": "app"}
    assert _server_settings("-c search_path=app -cstatement_timeout=5000") == {
        "search_path": "app",
        "statement_timeout": "5000",
    }
    with pytest.raises(ValueError, match="options PostgreSQL"):
        _server_settings("--search_path=app")
    engine = create_engine("postgresql+asyncpg://u@h/db?options=-csearch_path%3Dapp")
    assert "options" not in engine.url.query


async def test_an_update_is_handled_once_whatever_brings_it_twice(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    api = FakeBotApi()
    app = (
        ApplicationBuilder()
        .token(api.token)
        .request(FakeRequest(api))
        .get_updates_request(FakeRequest(api))
        .updater(None)
        .build()
    )
    handled: list[int] = []

    async def handle(update: Update, context: object) -> None:
        handled.append(update.update_id)

    app.add_handler(MessageHandler(filters.ALL, handle))
    install_update_dedupe(app, sessions=sessions, clock=clock, bot_id=123456789)
    data = {
        "update_id": 7,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "A"},
            "text": "/offres",
        },
    }
    await app.initialize()
    for _ in range(2):  # a webhook retry, or a second replica
        await app.process_update(Update.de_json(data, app.bot))
    await app.process_update(Update.de_json(data | {"update_id": 8}, app.bot))

    assert handled == [7, 8]


async def test_updates_seen_are_pruned_after_a_while(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    async with sessions() as session, session.begin():
        assert await first_sight_of_update(session=session, bot_id=1, update_id=1, now=clock())
        assert not await first_sight_of_update(session=session, bot_id=1, update_id=1, now=clock())
        assert await first_sight_of_update(session=session, bot_id=2, update_id=1, now=clock())
    clock.advance(timedelta(days=3))
    async with sessions() as session, session.begin():
        assert (
            await prune_processed_updates(session=session, before=clock() - timedelta(days=2)) == 2
        )
        assert await first_sight_of_update(session=session, bot_id=1, update_id=1, now=clock())
