"""Hostile requests to the webhook: the secret is checked before the body is read, a body past
the cap is refused without being read whole, and junk gets a 400, never a 500.

The bot runs as `postes run` does (`run_bot`), against the HTTP Bot API double; requests go
through a raw client that stops sending at the first answer, so a server that waits for the
whole body before answering shows up as a timeout. One bot serves the whole module: each test
is one request, and the last shows the bot still answers after all of them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
import pytest_asyncio

from postes.config import HttpSettings, Settings, TelegramSettings
from postes.runtime import run_bot
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from tests.botapi.double import FakeBotApi
from tests.botapi.transport import serve_http
from tests.hostile.webhook_client import SECRET_HEADER, Answer, post, zeros
from tests.waiting import until

USER = 4242
SECRET = "s3cret-token"
CAP = 64 * 1024
PATH = "/hook/postes"
# Long enough for any honest answer on a loaded machine, far shorter than the body would take
# to arrive (it never does: the client sends only the headers).
ANSWER_WITHIN = 10.0


@dataclass
class Webhook:
    api: FakeBotApi
    port: int

    async def post(self, **request: object) -> Answer:
        return await asyncio.wait_for(post(self.port, PATH, **request), ANSWER_WITHIN)  # type: ignore[arg-type]

    def update(self, text: str) -> bytes:
        return json.dumps(self.api.message_update(USER, USER, text)).encode()


async def _listening(port: int) -> None:
    for _ in range(100):  # setWebhook may come before the listener accepts connections
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def webhook(
    tmp_path_factory: pytest.TempPathFactory, unused_tcp_port_factory: Callable[[], int]
) -> AsyncIterator[Webhook]:
    tmp_path = tmp_path_factory.mktemp("webhook")
    unused_tcp_port = unused_tcp_port_factory()
    api = FakeBotApi()
    server = serve_http(api)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'postes.db'}",
        telegram=TelegramSettings(token=api.token, base_url=server.base_url, webhook_secret=SECRET),
        http=HttpSettings(listen=f"127.0.0.1:{unused_tcp_port}", max_body_bytes=CAP),
    )
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_bot(
            settings,
            sessions=create_sessions(engine),
            webhook_url=f"https://bot.example.nc{PATH}",
            listen="127.0.0.1",
            port=unused_tcp_port,
            stop=stop,
        )
    )
    try:
        await until(lambda: bool(api.calls_to("setWebhook")) or task.done())
        await _listening(unused_tcp_port)
        yield Webhook(api, unused_tcp_port)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        server.close()
        await engine.dispose()


async def test_request_without_the_secret_is_refused_before_its_body_arrives(
    webhook: Webhook,
) -> None:
    answer = await webhook.post(content_length=90 * 1024 * 1024)

    assert answer.status == 403


async def test_request_with_a_wrong_secret_is_refused_before_its_body_arrives(
    webhook: Webhook,
) -> None:
    wrong = {SECRET_HEADER: "s3cret-tokeN"}

    answer = await webhook.post(headers=wrong, content_length=90 * 1024 * 1024)

    assert answer.status == 403


async def test_non_ascii_secret_is_refused_not_an_error(webhook: Webhook) -> None:
    answer = await webhook.post(headers={SECRET_HEADER: "sécret"}, body=[webhook.update("/aide")])

    assert answer.status == 403


async def test_declared_body_over_the_cap_is_refused_before_it_arrives(webhook: Webhook) -> None:
    answer = await webhook.post(headers={SECRET_HEADER: SECRET}, content_length=CAP + 1)

    assert answer.status == 413


async def test_chunked_body_is_refused_once_past_the_cap_without_reading_the_rest(
    webhook: Webhook,
) -> None:
    answer = await webhook.post(
        headers={SECRET_HEADER: SECRET}, body=zeros(CAP + 256 * 1024), end_body=False
    )

    assert answer.status == 413


@pytest.mark.parametrize(
    "junk",
    [
        b"{not json",
        b"\xff\xfe\x00",  # not UTF-8
        b"[" * 60_000,  # nested deeper than the parser's recursion limit
        b"null",
        b"[1, 2]",
        b"{}",
        b'{"update_id": "1"}',
        b'{"update_id": 1, "message": {}}',
        b'{"update_id": 1, "message": "hello"}',
    ],
)
async def test_body_that_is_not_an_update_gets_400(webhook: Webhook, junk: bytes) -> None:
    answer = await webhook.post(headers={SECRET_HEADER: SECRET}, body=[junk])

    assert answer.status == 400


async def test_update_with_the_secret_is_answered_after_hostile_requests(
    webhook: Webhook,
) -> None:
    await webhook.post(content_length=90 * 1024 * 1024)
    await webhook.post(headers={SECRET_HEADER: SECRET}, body=zeros(CAP + 1), end_body=False)
    await webhook.post(headers={SECRET_HEADER: SECRET}, body=[b"{not json"])

    answer = await webhook.post(headers={SECRET_HEADER: SECRET}, body=[webhook.update("/start")])

    assert answer.status == 200
    await until(lambda: bool(webhook.api.sent_messages(USER)))
    assert webhook.api.sent_messages(USER)[0].text.startswith("Bonjour")


async def test_other_paths_are_not_found_without_reading_the_body(webhook: Webhook) -> None:
    answer = await asyncio.wait_for(
        post(webhook.port, "/other", headers={SECRET_HEADER: SECRET}, content_length=10**9),
        ANSWER_WITHIN,
    )

    assert answer.status == 404


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
async def test_other_routes_of_the_server_never_read_a_body(webhook: Webhook, path: str) -> None:
    answer = await asyncio.wait_for(
        post(webhook.port, path, headers={SECRET_HEADER: SECRET}, content_length=10**9),
        ANSWER_WITHIN,
    )

    assert answer.status == 405  # answered on the headers: the gigabyte was never sent
