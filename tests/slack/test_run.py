"""`postes run` with Telegram and Slack together: one process, one scheduler, one outbox.

A Telegram user and a Slack channel subscribe, a notice lands in the watched folder, each
gets one alert; with Slack alone (no Telegram token) the process serves /slack/events on
`[http] listen` and never calls Telegram.
"""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from telegram.request import HTTPXRequest

from postes.commands import CommandError
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
from postes.storage.leases import list_leaders
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


ATTACHE_NOTICE = """# Attaché(e) d'administration chargé(e) des marchés publics

Référence : 3134-26-0777/SR du {published}

Employeur : Province Sud

Corps ou cadre d'emploi : Attaché d'administration

Lieu de travail : Nouméa

Date limite de candidature : {deadline}

La direction des finances recrute un(e) attaché(e) d'administration.
"""


async def test_slack_alone_runs_without_any_telegram_request(
    slack: SlackDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No Telegram token: Slack, the scheduler and the web server still run, and nothing
    ever asks Telegram anything (the Bot API double behind its base URL, and PTB's requests)."""
    telegram_requests: list[str] = []
    real_request = HTTPXRequest.do_request

    async def record(self: HTTPXRequest, url: str, *args: Any, **kwargs: Any) -> Any:
        telegram_requests.append(url)
        return await real_request(self, url, *args, **kwargs)

    monkeypatch.setattr(HTTPXRequest, "do_request", record)
    api = FakeBotApi(max_poll_wait=0.2)
    server = serve_http(api)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    port = _free_port()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        telegram=TelegramSettings(base_url=server.base_url),  # no token
        slack=SlackSettings(
            bot_token=f"xoxb-{TEAM}", signing_secret=signed.SIGNING_SECRET, api_url=slack.api_url
        ),
        http=HttpSettings(listen=f"127.0.0.1:{port}"),
        sources=(SourceSettings("folder", str(inbox)),),
        schedule=ScheduleSettings(check_every=timedelta(seconds=1)),
    )
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    sessions = create_sessions(engine)
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, sessions=sessions, stop=stop))
    try:
        await until(lambda: task.done() or _listening(port))
        assert not task.done(), task.exception()
        await _command(port, slack, "abonner attaché")
        assert "Abonnement n°" in slack.state.responses[-1]["text"]
        today = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Noumea")).date()
        (inbox / "avis.txt").write_text(
            ATTACHE_NOTICE.format(
                published=today.strftime("%d/%m/%Y"),
                deadline=(today + timedelta(days=20)).strftime("%d/%m/%Y"),
            ),
            encoding="utf-8",
        )
        await until(lambda: len(slack.state.messages(CHANNEL)) >= 1)
        await _command(port, slack, "offres attaché")
        assert "1 offre ouverte pour « attaché »" in slack.state.responses[-1]["text"]
        assert "marchés publics" in slack.state.responses[-1]["text"]
        [alert] = slack.state.messages(CHANNEL)
        assert "marchés publics" in (alert.text or "")
        # The sender lease is named after the workspace, since there is no Telegram bot.
        async with sessions() as session:
            leases = {leader.name for leader in await list_leaders(session=session)}
        assert f"sender:slack:{TEAM}" in leases
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        server.close()
        await engine.dispose()
    assert telegram_requests == []
    assert api.calls == []


async def test_a_slack_token_slack_refuses_stops_the_start_in_one_french_line(
    slack: SlackDouble, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        slack=SlackSettings(
            bot_token="xoxb-revoked", signing_secret=signed.SIGNING_SECRET, api_url=slack.api_url
        ),
        http=HttpSettings(listen=f"127.0.0.1:{_free_port()}"),
    )
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    try:
        with pytest.raises(CommandError, match=r"^jeton Slack refusé \(\[slack\] bot_token\) : "):
            await run_bot(settings, sessions=create_sessions(engine), stop=asyncio.Event())
    finally:
        await engine.dispose()
