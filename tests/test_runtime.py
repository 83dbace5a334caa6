"""`postes run` end to end: real polling and scheduler against the HTTP Bot API double.

A user subscribes through Telegram, a notice lands in the watched folder, the user gets the
alert; a restart on the same database sends nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from postes.cli import main
from postes.commands import CommandError
from postes.config import (
    HttpSettings,
    ScheduleSettings,
    Settings,
    SourceSettings,
    TelegramSettings,
)
from postes.runtime import run_bot
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from postes.storage.models import OutboxRow
from tests.botapi.double import FakeBotApi
from tests.botapi.transport import serve_http
from tests.waiting import until

USER = 4242
SECRET = "s3cret-token"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
NOTICE = """# Chargé(e) de projets informatiques & <données>

Référence : 3134-26-0001/SR du {published}

Employeur : Province Sud

Corps ou cadre d'emploi /Domaine : Ingénieur 2ème grade / Informatique

Lieu de travail : Nouméa

Date de dépôt de l'offre : {published}

Date limite de candidature : {deadline}

# Détails de l'offre :

La direction du numérique recrute un chef de projets informatiques.
"""


async def _watching_a_folder(
    tmp_path: Path,
) -> tuple[FakeBotApi, Any, Path, Settings, Any]:
    """The Bot API double over HTTP, and settings for a bot watching an inbox folder."""
    api = FakeBotApi(max_poll_wait=0.2)
    server = serve_http(api)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        telegram=TelegramSettings(token=api.token, base_url=server.base_url),
        sources=(SourceSettings("folder", str(inbox)),),
        schedule=ScheduleSettings(check_every=timedelta(seconds=1)),
    )
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    return api, server, inbox, settings, engine


async def test_subscriber_is_alerted_of_a_new_notice_exactly_once_across_restarts(
    tmp_path: Path,
) -> None:
    api, server, inbox, settings, engine = await _watching_a_folder(tmp_path)
    sessions = create_sessions(engine)

    def texts() -> list[str]:
        return [m.text for m in api.sent_messages(USER)]

    async def running(body: Callable[[], object]) -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(run_bot(settings, sessions=sessions, stop=stop))
        try:
            await body()  # type: ignore[misc]
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)

    async def subscribe_then_publish() -> None:
        api.push_update(api.message_update(USER, USER, "/abonner informatique"))
        await until(lambda: any("Abonnement" in t for t in texts()))
        today = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Noumea")).date()
        (inbox / "avis.txt").write_text(
            NOTICE.format(
                published=today.strftime("%d/%m/%Y"),
                deadline=(today + timedelta(days=20)).strftime("%d/%m/%Y"),
            ),
            encoding="utf-8",
        )
        await until(lambda: any("projets informatiques" in t for t in texts()))

    try:
        await running(subscribe_then_publish)
        alerts = [t for t in texts() if "projets informatiques" in t]
        assert len(alerts) == 1
        assert "&" in alerts[0]
        assert "<données>" in alerts[0]  # escaped on the way out, shown as typed

        await running(lambda: asyncio.sleep(3))  # a restart: polls, matches, delivers again

        assert [t for t in texts() if "projets informatiques" in t] == alerts
        async with sessions() as session:
            sent = await session.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "sent")
            )
        assert sent == 1
    finally:
        server.close()
        await engine.dispose()


async def test_webhook_serves_updates_and_refuses_requests_without_the_secret(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    api = FakeBotApi()
    server = serve_http(api)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        telegram=TelegramSettings(
            token=api.token, base_url=server.base_url, webhook_secret="s3cret-token"
        ),
    )
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_bot(
            settings,
            sessions=create_sessions(engine),
            webhook_url="https://bot.example.nc/hook/postes",
            listen="127.0.0.1",
            port=unused_tcp_port,
            stop=stop,
        )
    )
    url = f"http://127.0.0.1:{unused_tcp_port}/hook/postes"
    update = api.message_update(USER, USER, "/aide")
    try:
        await until(lambda: bool(api.calls_to("setWebhook")))
        async with httpx.AsyncClient() as client:
            for _ in range(50):  # setWebhook may come before the listener accepts connections
                try:
                    refused = await client.post(url, json=update)
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.1)
            accepted = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            )
        await until(lambda: bool(api.sent_messages(USER)))
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        server.close()
        await engine.dispose()

    assert api.calls_to("setWebhook")[0].params["secret_token"] == "s3cret-token"
    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert len(api.sent_messages(USER)) == 1


PDF_NOTICE = """RÉPUBLIQUE FRANÇAISE
PROVINCE NORD
Direction du numérique

AVIS DE VACANCE DE POSTE
AVP n° 2026-042/DRH

La province Nord recrute :
UN(E) ADMINISTRATEUR(TRICE) DES SYSTÈMES ET RÉSEAUX INFORMATIQUES

Cadre d’emplois : Technicien supérieur (catégorie B), spécialité informatique et télécommunications
Lieu d’affectation : Koné, hôtel de la province
Nombre de postes : 1
Prise de fonction : dès que possible
Date limite de dépôt des candidatures : {deadline} à 16h00

# Missions
{missions}

# Modalités de candidature
Les candidatures sont à adresser à la direction des ressources humaines de la province Nord.
"""


async def test_pdf_notice_with_a_table_over_two_pages_alerts_with_title_deadline_and_hour(
    tmp_path: Path,
) -> None:
    pytest.importorskip("reportlab")
    from tests.corpus import CorpusNotice
    from tests.corpus.pdfs import render_notice

    api, server, inbox, settings, engine = await _watching_a_folder(tmp_path)
    today = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Noumea")).date()
    deadline = today + timedelta(days=20)
    source = tmp_path / "avis.txt"
    source.write_text(
        PDF_NOTICE.format(
            deadline=deadline.strftime("%d/%m/%Y"),
            missions="\n".join(
                f"- Administrer les serveurs et le réseau du site numéro {n} de la province ;"
                for n in range(40)
            ),
        ),
        encoding="utf-8",
    )
    notice = CorpusNotice(
        "e2e",
        source,
        ("label_table", "running_header_footer"),
        {
            "running_header": "Province Nord — AVP n° 2026-042/DRH",
            "running_footer": "Province Nord – DRH – BP 41 – 98860 Koné",
        },
        {},
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, sessions=create_sessions(engine), stop=stop))
    try:
        api.push_update(api.message_update(USER, USER, "/abonner informatique"))
        await until(lambda: any("Abonnement" in m.text for m in api.sent_messages(USER)))
        (inbox / "avis.pdf").write_bytes(render_notice(notice))
        await until(lambda: any("Nouvelle offre" in m.text for m in api.sent_messages(USER)))
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        server.close()
        await engine.dispose()

    (alert,) = [m.text for m in api.sent_messages(USER) if "Nouvelle offre" in m.text]
    assert "Administrateur(trice) des systèmes et réseaux informatiques" in alert
    assert f"Date limite : {deadline.strftime('%d/%m')} (J-20), avant 16h" in alert
    assert "Province Nord" in alert
    assert "Koné" in alert
    assert "BP 41" not in alert  # the running footer is no part of the offer
    assert "Page" not in alert


@dataclass
class WebhookBot:
    api: FakeBotApi
    task: asyncio.Task[None]
    close: Callable[[], Awaitable[None]]  # stop, and raise what run_bot raised


async def _start_webhook_bot(tmp_path: Path, webhook_url: str, **http: Any) -> WebhookBot:
    """`run_bot` with a webhook and only `[http]` settings telling where to listen."""
    api = FakeBotApi()
    server = serve_http(api)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        telegram=TelegramSettings(token=api.token, base_url=server.base_url, webhook_secret=SECRET),
        http=HttpSettings(**http),
    )
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_bot(settings, sessions=create_sessions(engine), webhook_url=webhook_url, stop=stop)
    )

    async def close() -> None:
        stop.set()
        try:
            await asyncio.wait_for(task, 15)
        finally:
            server.close()
            await engine.dispose()

    return WebhookBot(api, task, close)


async def _post_update(api: FakeBotApi, url: str) -> httpx.Response:
    update = api.message_update(USER, USER, "/aide")
    async with httpx.AsyncClient() as client:
        for _ in range(50):  # the listener may lag behind setWebhook on today's code
            try:
                return await client.post(url, json=update, headers={SECRET_HEADER: SECRET})
            except httpx.ConnectError:
                await asyncio.sleep(0.1)
        return await client.post(url, json=update, headers={SECRET_HEADER: SECRET})


def _accepts(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        return False
    return True


async def test_webhook_listens_on_the_loopback_at_the_port_of_its_url(
    tmp_path: Path, unused_tcp_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="postes.runtime")
    bot = await _start_webhook_bot(tmp_path, f"https://bot.example.nc:{unused_tcp_port}/hook")
    try:
        await until(lambda: bool(bot.api.calls_to("setWebhook")) or bot.task.done())
        answer = await _post_update(bot.api, f"http://127.0.0.1:{unused_tcp_port}/hook")
        # 127.0.0.2 is this machine too, but only a socket bound to every address accepts it.
        beyond_loopback = _accepts("127.0.0.2", unused_tcp_port)
        await until(lambda: bool(bot.api.sent_messages(USER)))
    finally:
        await bot.close()

    assert answer.status_code == 200
    assert not beyond_loopback
    assert f"listening on http://127.0.0.1:{unused_tcp_port}/hook" in caplog.text


async def test_webhook_listens_where_the_configuration_says(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    bot = await _start_webhook_bot(
        tmp_path, "https://bot.example.nc/hook", listen=f"127.0.0.1:{unused_tcp_port}"
    )
    try:
        await until(lambda: bool(bot.api.calls_to("setWebhook")) or bot.task.done())
        answer = await _post_update(bot.api, f"http://127.0.0.1:{unused_tcp_port}/hook")
    finally:
        await bot.close()

    assert answer.status_code == 200


async def test_webhook_on_a_busy_port_stops_with_one_line_before_telling_telegram(
    tmp_path: Path,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = await _start_webhook_bot(tmp_path, f"https://bot.example.nc:{port}/hook")
        with pytest.raises(CommandError, match=f"écoute impossible sur 127.0.0.1:{port}"):
            await bot.close()  # the failure comes before the bot waits for the stop

    assert bot.api.calls_to("setWebhook") == []


async def test_webhook_refused_by_telegram_stops_with_one_line(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    # Telegram (and the double) accept only HTTPS webhook URLs.
    bot = await _start_webhook_bot(tmp_path, f"http://127.0.0.1:{unused_tcp_port}/hook")
    with pytest.raises(CommandError, match=r"refusé par Telegram : .*(?i:https)"):
        await bot.close()  # the failure comes before the bot waits for the stop


@pytest.mark.parametrize("listen", ["nonsense", "127.0.0.1:99999", "::1:8443", "127.0.0.1"])
def test_run_with_a_bad_listen_address_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys, listen: str
) -> None:
    monkeypatch.delenv("POSTES_CONFIG", raising=False)
    monkeypatch.setenv("POSTES_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("POSTES_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")

    code = main(["run", "--webhook", "https://bot.example.nc/hook", "--listen", listen])

    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("postes: --listen : adresse d'écoute invalide")
    assert err.count("\n") == 1


async def test_one_process_alone_keeps_the_token_s_whole_30_a_second(
    tmp_path: Path, unused_tcp_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="postes.platforms.telegram.budget")
    bot = await _start_webhook_bot(tmp_path, f"https://bot.example.nc:{unused_tcp_port}/hook")
    try:
        await until(lambda: bool(bot.api.calls_to("setWebhook")) or bot.task.done())
    finally:
        await bot.close()

    # Its limiter followed the token budget from the start (`share_token_budget`).
    assert "token budget: 30.00 messages a second for this process" in caplog.text
