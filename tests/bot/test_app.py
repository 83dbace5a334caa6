"""The factory honours the configured Bot API address, as the webhook/polling setups need."""

from __future__ import annotations

import pytest

from postes.config import ConfigError, Settings, TelegramSettings
from postes.platforms.telegram.app import build_application
from tests.botapi.double import FakeBotApi
from tests.botapi.transport import serve_http


async def test_every_call_goes_to_the_configured_base_url(sessions, clock) -> None:
    api = FakeBotApi()
    server = serve_http(api)
    try:
        settings = Settings(telegram=TelegramSettings(token=api.token, base_url=server.base_url))
        app = build_application(settings, sessions=sessions, clock=clock, rate_limiter=None)
        async with app:
            await app.bot.send_message(chat_id=42, text="test")
        assert [c.method for c in api.calls] == ["getMe", "sendMessage"]
    finally:
        server.close()


def test_missing_token_is_a_config_error(sessions) -> None:
    with pytest.raises(ConfigError):
        build_application(Settings(), sessions=sessions)
