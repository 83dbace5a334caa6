"""Buttons keep working after a restart: their state is in callback data and the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import Settings, TelegramSettings
from postes.platforms.telegram.app import build_application
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.storage.models import SubscriptionRow
from tests.bot.conftest import Bot, button_data, make_offer, seed
from tests.botapi.transport import FakeRequest


async def _restarted(bot: Bot, sessions: async_sessionmaker, clock: FakeClock) -> Bot:
    """A new Application on the same database and Telegram chat, as after a process restart."""
    await bot.app.shutdown()
    settings = Settings(telegram=TelegramSettings(token=bot.api.token))
    app = build_application(
        settings,
        sessions=sessions,
        clock=clock,
        request=FakeRequest(bot.api),
        rate_limiter=ChatRateLimiter(clock=bot.api.ticker, sleep=bot.api.ticker.sleep),
    )
    await app.initialize()
    return Bot(app, bot.api, sessions)


async def test_subscription_buttons_work_after_a_restart(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await bot.say("/abonner corps:rédacteur")
    (listing,) = await bot.say("/abonnements")
    delete = next(d for d in button_data(listing) if d.startswith("sub:del:"))

    after = await _restarted(bot, sessions, clock)
    try:
        await after.press(listing, delete)
        async with sessions() as session:
            assert (await session.scalars(select(SubscriptionRow))).all() == []
        assert "aucun abonnement" in after.current(listing)["text"]
    finally:
        await after.app.shutdown()
        await bot.app.initialize()  # the fixture shuts its own application down


async def test_guided_subscription_resumes_after_a_restart(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    (offer_id,) = await seed(sessions, clock, make_offer(1))
    (start,) = await bot.say("/abonner")

    after = await _restarted(bot, sessions, clock)
    try:
        await after.press(start, f"sf:e{offer_id}")
        assert "Employeur : Province Sud" in after.current(start)["text"]
        await after.press_raw(start.chat_id, start.message_id, f"sf:e{offer_id}:c*:ok")
        assert "Abonnement n°" in after.current(start)["text"]
    finally:
        await after.app.shutdown()
        await bot.app.initialize()
