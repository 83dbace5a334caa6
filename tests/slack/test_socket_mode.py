"""Socket Mode: with an app-level token the app connects out; no route is mounted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import Settings, SlackSettings
from postes.platforms.slack.runtime import SlackFrontEnd
from postes.runtime import run_bot
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from tests.slack.conftest import CHANNEL, MEMBER, TEAM
from tests.slackapi.server import SlackDouble
from tests.slackapi.socket import APP_TOKEN, SocketDouble
from tests.waiting import until


@pytest.fixture
async def socket(slack: SlackDouble) -> AsyncIterator[SocketDouble]:
    double = SocketDouble()
    await double.start()
    slack.state.app_tokens.add(APP_TOKEN)
    slack.state.socket_url = double.url
    yield double
    await double.stop()


async def test_a_command_arrives_over_the_socket_and_is_answered(
    slack: SlackDouble, socket: SocketDouble, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    settings = Settings(
        slack=SlackSettings(bot_token=f"xoxb-{TEAM}", app_token=APP_TOKEN, api_url=slack.api_url)
    )
    front = SlackFrontEnd(settings, sessions=sessions, clock=clock)
    assert front.routes(1024) == []  # nothing to expose: no public URL needed
    await front.start(leadership=None, serving=True)  # type: ignore[arg-type]
    try:
        await until(lambda: socket.connections == 1)
        envelope = socket.send(
            "slash_commands",
            {"team_id": TEAM, "channel_id": CHANNEL, "user_id": MEMBER, "command": "/postes",
             "text": "aide", "response_url": slack.response_url(1), "trigger_id": "1.2.3"},
        )  # fmt: skip
        await until(lambda: len(slack.state.responses) == 1)
        assert "Ce que je sais faire" in slack.state.responses[0]["text"]
        assert any(ack.get("envelope_id") == envelope for ack in socket.acks)
    finally:
        await front.stop()


async def test_postes_run_with_slack_alone_in_socket_mode_needs_no_address(
    slack: SlackDouble, socket: SocketDouble, tmp_path: Path
) -> None:
    """No Telegram token, no [http] listen: the process connects out and answers."""
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        slack=SlackSettings(bot_token=f"xoxb-{TEAM}", app_token=APP_TOKEN, api_url=slack.api_url),
    )
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, sessions=create_sessions(engine), stop=stop))
    try:
        await until(lambda: task.done() or socket.connections == 1)
        assert not task.done(), task.exception()
        socket.send(
            "slash_commands",
            {"team_id": TEAM, "channel_id": CHANNEL, "user_id": MEMBER, "command": "/postes",
             "text": "offres attaché", "response_url": slack.response_url(1),
             "trigger_id": "1.2.3"},
        )  # fmt: skip
        await until(lambda: len(slack.state.responses) == 1)
        assert (
            "Aucune offre ouverte ne correspond à « attaché »" in slack.state.responses[0]["text"]
        )
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await engine.dispose()
