"""`postes run` with Telegram and Slack together: one process, one scheduler, one outbox.

A Telegram user and a Slack channel subscribe, a notice lands in the watched folder, each
gets one alert; with Slack alone the process serves /slack/events on `[http] listen`.
"""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from postes.config import (
    HttpSettings,
    ScheduleSettings,
    Settings,
    SlackSettings,
    SourceSettings,
    TelegramSettings,
)
from postes.runtime import run_bot
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from tests.botapi.double import FakeBotApi
from tests.botapi.transport import serve_http
from tests.slack.conftest import CHANNEL, CREATOR, TEAM
from tests.slackapi import signed
from tests.slackapi.server import SlackDouble
from tests.test_runtime import NOTICE, USER
from tests.waiting import until


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _command(port: int, slack: SlackDouble, text: str) -> None:
    before = len(slack.state.responses)
    body = signed.slash_command(
        text, team=TEAM, channel=CHANNEL, user=CREATOR, response_url=slack.response_url(1)
    )
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"http://127.0.0.1:{port}/slack/events",
            content=body.encode(),
            headers=signed.signed_headers(body),
        )
    assert response.status_code == 200
    await until(lambda: len(slack.state.responses) > before)


async def test_telegram_and_slack_in_one_run(slack: SlackDouble, tmp_path: Path) -> None:
    api = FakeBotApi(max_poll_wait=0.2)
    server = serve_http(api)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    port = _free_port()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        telegram=TelegramSettings(token=api.token, base_url=server.base_url),
        slack=SlackSettings(
            bot_token=f"xoxb-{TEAM}",
            signing_secret=signed.SIGNING_SECRET,
            api_url=slack.api_url,
        ),
        http=HttpSettings(listen=f"127.0.0.1:{port}"),
        sources=(SourceSettings("folder", str(inbox)),),
        schedule=ScheduleSettings(check_every=timedelta(seconds=1)),
    )
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, sessions=create_sessions(engine), stop=stop))
    try:
        api.push_update(api.message_update(USER, USER, "/abonner informatique"))
        await until(lambda: any("Abonnement" in m.text for m in api.sent_messages(USER)))
        await until(lambda: not task.done() and _listening(port))
        await _command(port, slack, "abonner informatique")
        assert "Abonnement n°" in slack.state.responses[-1]["text"]
        today = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Noumea")).date()
        (inbox / "avis.txt").write_text(
            NOTICE.format(
                published=today.strftime("%d/%m/%Y"),
                deadline=(today + timedelta(days=20)).strftime("%d/%m/%Y"),
            ),
            encoding="utf-8",
        )
        await until(lambda: len(slack.state.messages(CHANNEL)) == 1)
        await until(lambda: any("projets informatiques" in m.text for m in api.sent_messages(USER)))
        [alert] = slack.state.messages(CHANNEL)
        assert "projets informatiques &amp; &lt;données&gt;" in (alert.text or "")
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        server.close()
        await engine.dispose()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0
