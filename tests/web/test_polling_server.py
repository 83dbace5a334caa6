"""`postes run` in polling mode serves /healthz, /readyz and /metrics where `[http] listen`
says: the real runtime, the HTTP Bot API double, a real scheduler."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from postes.config import HttpSettings, Settings, TelegramSettings
from postes.runtime import run_bot
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from tests.botapi.double import FakeBotApi
from tests.botapi.transport import serve_http
from tests.waiting import until

TOKEN = "metrics-s3cret"


@pytest.mark.parametrize("told_by", ["configuration", "command line"])
async def test_polling_bot_serves_health_and_metrics_where_told(
    tmp_path: Path, unused_tcp_port: int, told_by: str
) -> None:
    api = FakeBotApi(max_poll_wait=0.2)
    server = serve_http(api)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        telegram=TelegramSettings(token=api.token, base_url=server.base_url),
        http=HttpSettings(
            listen=f"127.0.0.1:{unused_tcp_port}" if told_by == "configuration" else None,
            metrics_token=TOKEN,
        ),
    )
    where = {"listen": "127.0.0.1", "port": unused_tcp_port} if told_by == "command line" else {}
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_bot(settings, sessions=create_sessions(engine), stop=stop, **where)
    )
    base = f"http://127.0.0.1:{unused_tcp_port}"
    answers: dict[str, httpx.Response] = {}

    async def ready() -> None:
        async with httpx.AsyncClient(base_url=base) as client:
            while True:
                try:
                    answers["readyz"] = await client.get("/readyz")
                    if answers["readyz"].status_code == 200:
                        return
                except httpx.ConnectError:
                    pass
                await asyncio.sleep(0.2)

    try:
        await until(lambda: bool(api.calls_to("getUpdates")) or task.done())
        await asyncio.wait_for(ready(), 30)
        async with httpx.AsyncClient(base_url=base) as client:
            answers["healthz"] = await client.get("/healthz")
            answers["anonymous"] = await client.get("/metrics")
            answers["metrics"] = await client.get(
                "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
            )
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        server.close()
        await engine.dispose()

    assert api.calls_to("setWebhook") == []  # polling, not a webhook
    assert answers["healthz"].text == "ok\n"
    assert "ok tâche deliver : réussie" in answers["readyz"].text
    assert answers["anonymous"].status_code == 401
    metrics = answers["metrics"].text
    assert 'postes_leader{role="scheduler"} 1.0' in metrics
    assert 'postes_outbox_pending{kind="alert",platform="telegram"} 0.0' in metrics
    assert 'postes_job_last_success_age_seconds{job="deliver"}' in metrics
