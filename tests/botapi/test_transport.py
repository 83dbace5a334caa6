"""A real `telegram.Bot` talks to the double in process and over HTTP, and PTB raises the
same exceptions it raises against Telegram."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from tests.botapi.double import DEFAULT_TOKEN, FakeBotApi
from tests.botapi.ratelimit import RateLimits
from tests.botapi.transport import FakeRequest, ServerHandle, serve_http

CHAT = 1001
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def seconds(value: int | float | timedelta) -> float:
    # PTB 22 reports retry_after as int or timedelta depending on PTB_TIMEDELTA.
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def wait_until(condition: Callable[[], object], within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        # Polling is fine here: the condition is state inside the double, not an event.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


@pytest.fixture(autouse=True)
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # Opt in to PTB 23's timedelta `retry_after` now, which also silences its deprecation.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi(rate_limits=RateLimits.strict(), clock=FakeClock())


@pytest.fixture
def fake_bot(api: FakeBotApi) -> Bot:
    return Bot(api.token, base_url="https://api.telegram.org/bot", request=FakeRequest(api))


@pytest.fixture
def server(api: FakeBotApi) -> Iterator[ServerHandle]:
    handle = serve_http(api)
    yield handle
    handle.close()


async def test_fake_request_returns_ptb_objects(fake_bot: Bot, api: FakeBotApi) -> None:
    async with fake_bot:
        message = await fake_bot.send_message(CHAT, "<b>Offre</b>", parse_mode=ParseMode.HTML)
    assert message.text == "Offre"
    assert message.from_user.username == "postes_test_bot"
    assert api.sent_messages(CHAT)[0].parse_mode == "HTML"


async def test_fake_request_raises_bad_request_for_bad_html(fake_bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't find end tag"):
        await fake_bot.send_message(CHAT, "<b>x", parse_mode=ParseMode.HTML)


async def test_fake_request_raises_forbidden_when_blocked(fake_bot: Bot, api: FakeBotApi) -> None:
    api.block(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await fake_bot.send_message(CHAT, "x")


async def test_fake_request_raises_retry_after_on_flood(fake_bot: Bot) -> None:
    await fake_bot.send_message(CHAT, "un")
    with pytest.raises(RetryAfter) as err:
        await fake_bot.send_message(CHAT, "deux")
    assert seconds(err.value.retry_after) == 1


async def test_wrong_base_url_or_token_is_invalid_token(api: FakeBotApi) -> None:
    wrong_token = Bot("42:wrong", request=FakeRequest(api))
    with pytest.raises(InvalidToken):
        await wrong_token.get_me()
    wrong_url = Bot(api.token, base_url="https://api.telegram.org/", request=FakeRequest(api))
    with pytest.raises(InvalidToken):
        await wrong_url.get_me()


async def test_application_polls_and_answers_a_command(api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_html("<b>Bienvenue</b> &amp; merci")

    app = (
        ApplicationBuilder()
        .token(api.token)
        .request(FakeRequest(api))
        .get_updates_request(FakeRequest(api))
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    api.push_update(api.message_update(CHAT, CHAT, "/start"))
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=5, poll_interval=0)
        await wait_until(lambda: api.sent_messages(CHAT))
        await app.updater.stop()
        await app.stop()
    assert [m.text for m in api.sent_messages(CHAT)] == ["Bienvenue & merci"]
    assert api.updates.pending() == 0  # the final getUpdates confirmed the update


async def test_callback_update_round_trip(fake_bot: Bot, api: FakeBotApi) -> None:
    async with fake_bot:
        sent = await fake_bot.send_message(CHAT, "x")
        update = Update.de_json(api.callback_update(CHAT, CHAT, sent.message_id, "d"), fake_bot)
        assert update.callback_query.message.message_id == sent.message_id
        assert await update.callback_query.answer("ok")


async def test_http_server_speaks_the_wire_format(server: ServerHandle, api: FakeBotApi) -> None:
    markup = {"inline_keyboard": [[{"text": "Voir", "callback_data": "offre:1"}]]}
    async with Bot(api.token, base_url=server.base_url) as bot:
        message = await bot.send_message(CHAT, "a &lt; b", parse_mode="HTML", reply_markup=markup)
        document = await bot.send_document(CHAT + 2, b"a;b\n", filename="offres.csv")
    assert message.text == "a < b"
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "offre:1"
    assert document.document.file_name == "offres.csv"


async def test_http_server_errors_become_ptb_exceptions(
    server: ServerHandle, api: FakeBotApi
) -> None:
    api.block(CHAT + 1)
    async with Bot(api.token, base_url=server.base_url) as bot:
        with pytest.raises(BadRequest, match=r"(?i)unsupported start tag"):
            await bot.send_message(CHAT, "a < b", parse_mode="HTML")
        await bot.send_message(CHAT, "un")
        with pytest.raises(RetryAfter):
            await bot.send_message(CHAT, "deux")
        with pytest.raises(Forbidden):
            await bot.send_message(CHAT + 1, "x")
    with pytest.raises(InvalidToken):
        await Bot("42:wrong", base_url=server.base_url).get_me()


async def test_http_server_long_poll_wakes_on_push(server: ServerHandle, api: FakeBotApi) -> None:
    update = api.message_update(CHAT, CHAT, "/start")
    threading.Timer(0.2, api.push_update, args=(update,)).start()
    async with Bot(api.token, base_url=server.base_url) as bot:
        updates = await asyncio.wait_for(bot.get_updates(timeout=10), timeout=5)
    assert [u.message.text for u in updates] == ["/start"]


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    record = tmp_path / "sent.jsonl"
    command = [sys.executable, "-m", "tests.botapi.serve", "--port", "0", "--record", str(record)]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip(), record
    finally:
        process.terminate()
        process.wait(timeout=5)


async def test_standalone_server_journals_each_delivery(standalone: tuple[str, Path]) -> None:
    base_url, record = standalone
    before = time.time()
    async with Bot(DEFAULT_TOKEN, base_url=base_url) as bot:
        await bot.send_message(CHAT, "première offre")
    lines = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert before <= lines[0].pop("at") <= time.time()  # when it was accepted, to measure rates
    assert lines == [
        {"chat_id": CHAT, "message_id": 1, "text": "première offre", "reply_markup": None}
    ]


def test_http_server_accepts_json_bodies_and_404s_other_paths(server: ServerHandle) -> None:
    url = f"{server.base_url}{server.api.token}/sendMessage"
    reply = httpx.post(url, json={"chat_id": CHAT, "text": "<i>x</i>", "parse_mode": "HTML"})
    assert reply.json()["result"]["entities"] == [{"type": "italic", "offset": 0, "length": 1}]
    missing = httpx.post(f"{server.base_url}{server.api.token}/sendMessage", json={"text": "x"})
    assert missing.json()["description"] == "Bad Request: chat_id is empty"
    assert httpx.get(f"http://127.0.0.1:{server.port}/getMe").status_code == 404
