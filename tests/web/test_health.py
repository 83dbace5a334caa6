"""/healthz answers while the process runs; /readyz checks the database, its schema and the
scheduler's heartbeat, and says in its body what is wrong."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from postes.clock import FakeClock
from postes.storage.db import create_engine, create_sessions
from postes.storage.job_runs import record_job_failure, record_job_start, record_job_success
from postes.storage.migrate import alembic_config
from postes.web.health import health_routes
from postes.web.readiness import check_readiness
from tests.web.conftest import Serve

JOBS = {"deliver": timedelta(seconds=5), "poll-sources": timedelta(minutes=10)}


async def ran(
    sessions: async_sessionmaker, clock: FakeClock, name: str, *, ok: bool = True
) -> None:
    """A run of `name` that starts and ends now."""
    async with sessions() as session, session.begin():
        await record_job_start(session=session, name=name, now=clock(), runner="test:1")
        if ok:
            await record_job_success(session=session, name=name, now=clock())
        else:
            await record_job_failure(session=session, name=name, now=clock(), error="boom")


async def readyz(serve: Serve, sessions: async_sessionmaker, clock: FakeClock) -> tuple[int, str]:
    client = await serve(*health_routes(sessions=sessions, clock=clock, jobs=JOBS))
    answer = await client.get("/readyz")
    return answer.status_code, answer.text


async def test_healthz_answers_even_when_the_database_does_not(
    serve: Serve, tmp_path: Path, clock: FakeClock
) -> None:
    unreachable = create_sessions(create_engine(f"sqlite+aiosqlite:///{tmp_path}/no/such/dir.db"))
    client = await serve(*health_routes(sessions=unreachable, clock=clock, jobs=JOBS))

    answer = await client.get("/healthz")

    assert (answer.status_code, answer.text) == (200, "ok\n")


async def test_readyz_is_ready_when_the_jobs_ran_lately(
    serve: Serve, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await ran(sessions, clock, "deliver")
    await ran(sessions, clock, "poll-sources")
    clock.advance(timedelta(seconds=30))

    status, body = await readyz(serve, sessions, clock)

    assert status == 200
    assert body.splitlines()[0] == "prêt"
    assert "ok base de données : joignable" in body
    assert "ok migrations : à jour" in body
    assert "ok tâche deliver : réussie il y a 30 s" in body


async def test_readyz_fails_when_the_database_is_unreachable(
    serve: Serve, tmp_path: Path, clock: FakeClock
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/no/such/dir.db")
    try:
        status, body = await readyz(serve, create_sessions(engine), clock)
    finally:
        await engine.dispose()

    assert status == 503
    assert body.startswith("pas prêt\nÉCHEC base de données : injoignable (OperationalError")


async def test_readyz_fails_when_postgresql_does_not_answer(serve: Serve, clock: FakeClock) -> None:
    # Port 9 (discard) has no PostgreSQL on this machine: the connection is refused.
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:9/test")
    try:
        status, body = await readyz(serve, create_sessions(engine), clock)
    finally:
        await engine.dispose()

    assert status == 503
    assert "ÉCHEC base de données : injoignable" in body


async def test_readyz_fails_when_migrations_are_not_current(
    serve: Serve, tmp_path: Path, clock: FakeClock
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    async with engine.begin() as connection:

        def upgrade_to_0006(sync_connection: object) -> None:
            config = alembic_config(url)
            config.attributes["connection"] = sync_connection
            command.upgrade(config, "0006")

        await connection.run_sync(upgrade_to_0006)
    try:
        status, body = await readyz(serve, create_sessions(engine), clock)
    finally:
        await engine.dispose()

    assert status == 503
    assert "ok base de données : joignable" in body
    assert "ÉCHEC migrations : base en 0006, code en" in body
    assert "(lancer postes db upgrade)" in body


async def test_readyz_fails_on_a_database_never_migrated(
    serve: Serve, tmp_path: Path, clock: FakeClock
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    try:
        status, body = await readyz(serve, create_sessions(engine), clock)
    finally:
        await engine.dispose()

    assert status == 503
    assert "ÉCHEC migrations : base en aucune" in body


async def test_readyz_fails_when_the_scheduler_heartbeat_is_stale(
    serve: Serve, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await ran(sessions, clock, "poll-sources")
    await ran(sessions, clock, "deliver")
    clock.advance(timedelta(minutes=5))  # deliver runs every 5 s: 5 min without is stale
    await ran(sessions, clock, "deliver", ok=False)

    status, body = await readyz(serve, sessions, clock)

    assert status == 503
    assert "ok tâche poll-sources : réussie il y a 300 s" in body
    assert (
        "ÉCHEC tâche deliver : dernière réussite il y a 300 s (attendue toutes les 5 s) ;"
        " dernière erreur : boom"
    ) in body


async def test_readyz_fails_for_a_job_that_never_ran(
    serve: Serve, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await ran(sessions, clock, "deliver")

    status, body = await readyz(serve, sessions, clock)

    assert status == 503
    assert "ÉCHEC tâche poll-sources : jamais exécutée (attendue toutes les 600 s)" in body


async def test_a_long_run_in_progress_counts_as_alive_for_a_while(
    serve: Serve, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await ran(sessions, clock, "poll-sources")
    await ran(sessions, clock, "deliver")
    clock.advance(timedelta(seconds=5))
    async with sessions() as session, session.begin():  # a long drain starts
        await record_job_start(session=session, name="deliver", now=clock(), runner="test:1")
    clock.advance(timedelta(minutes=10))
    await ran(sessions, clock, "poll-sources")

    during = await readyz(serve, sessions, clock)
    clock.advance(timedelta(minutes=25))
    await ran(sessions, clock, "poll-sources")
    hung = await check_readiness(sessions=sessions, clock=clock, jobs=JOBS)

    assert during[0] == 200
    assert "ok tâche deliver : en cours depuis 600 s" in during[1], during[1]
    assert not hung.ok
    assert "ÉCHEC tâche deliver : en cours depuis 2100 s, bloquée ?" in hung.body()


async def test_readyz_on_both_databases(
    serve: Serve, engine: AsyncEngine, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await ran(sessions, clock, "deliver")
    await ran(sessions, clock, "poll-sources")

    status, body = await readyz(serve, sessions, clock)

    assert status == 200, body
