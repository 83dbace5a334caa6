"""A Telegram bot wired to the Bot API double, rate-limited on virtual time."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import ExtBot

from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.platforms.telegram.sender import TelegramSender
from tests.botapi.double import DEFAULT_TOKEN, FakeBotApi
from tests.botapi.ratelimit import RateLimits
from tests.botapi.transport import FakeRequest
from tests.jobs.virtualtime import VirtualTime


@pytest.fixture
def vtime() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def api(vtime: VirtualTime) -> FakeBotApi:
    """The double with Telegram's strict limits, on the same virtual time as our limiter."""
    return FakeBotApi(clock=vtime, rate_limits=RateLimits.strict())


@pytest.fixture
def limiter(vtime: VirtualTime) -> ChatRateLimiter:
    return ChatRateLimiter(clock=vtime, sleep=vtime.sleep)


@pytest.fixture
async def bot(api: FakeBotApi, limiter: ChatRateLimiter) -> AsyncIterator[ExtBot]:
    bot = ExtBot(
        DEFAULT_TOKEN,
        request=FakeRequest(api),
        get_updates_request=FakeRequest(api),
        rate_limiter=limiter,
    )
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
def sender(bot: ExtBot) -> TelegramSender:
    return TelegramSender(bot)
