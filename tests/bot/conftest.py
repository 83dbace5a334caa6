"""A real `Application` from `build_application`, talking to the offline Bot API double.

Every call the bot makes is validated by `FakeBotApi` against the Bot API spec; time is
fake (the rate limiter's waits advance a shared clock), so nothing sleeps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram import Update
from telegram.ext import Application

from postes.clock import FakeClock
from postes.config import Settings, TelegramSettings
from postes.offers.model import Corps, Offer
from postes.platforms.telegram.app import build_application
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.storage.offers import save_offer
from tests.botapi.chats import SentMessage
from tests.botapi.double import FakeBotApi
from tests.botapi.transport import FakeRequest

TODAY = date(2025, 7, 14)  # the `clock` fixture's date in Nouméa


class Ticker:
    """Monotonic time that moves only when the rate limiter waits."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


@dataclasses.dataclass
class Bot:
    """Drive the application like Telegram would, and read what it sent."""

    app: Application
    api: FakeBotApi
    sessions: async_sessionmaker

    async def process(self, update: dict[str, Any]) -> list[SentMessage]:
        before = len(self.api.sent_messages())
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return self.api.sent_messages()[before:]

    async def say(
        self,
        text: str,
        *,
        chat_id: int = 100,
        user_id: int | None = None,
        chat_type: str = "private",
    ) -> list[SentMessage]:
        """A user writes `text`; return the messages the bot sent in answer."""
        user = user_id if user_id is not None else chat_id
        return await self.process(self.api.message_update(chat_id, user, text, chat_type))

    async def press(
        self, message: SentMessage, data: str, *, user_id: int | None = None
    ) -> list[SentMessage]:
        """Press the button with callback `data` (it must be on `message`)."""
        assert data in button_data(message), f"{data!r} not in {button_data(message)}"
        return await self.press_raw(message.chat_id, message.message_id, data, user_id=user_id)

    async def press_raw(
        self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None
    ) -> list[SentMessage]:
        """Send a callback query with any data, even forged."""
        user = user_id if user_id is not None else chat_id
        return await self.process(self.api.callback_update(chat_id, user, message_id, data))

    def current(self, message: SentMessage) -> dict[str, Any]:
        """The message as it is now, after edits."""
        found = self.api.message(message.chat_id, message.message_id)
        assert found is not None
        return found


def button_data(message: SentMessage | dict[str, Any]) -> list[str]:
    """Every callback_data of a message's inline keyboard."""
    markup = (
        message.reply_markup if isinstance(message, SentMessage) else message.get("reply_markup")
    )
    rows = (markup or {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def make_offer(number: int, **fields: Any) -> Offer:
    """A plausible offer; `number` keeps references and texts distinct."""
    values: dict[str, Any] = {
        "title": f"Chargé de mission n°{number}",
        "body": f"Poste numéro {number} au service des affaires juridiques.",
        "reference": f"3134-25-{number:04d}/SR",
        "employer": "Province Sud",
        "corps": [Corps("Attaché", category="A")],
        "workplace": "Nouméa",
        "published_on": TODAY - timedelta(days=number % 7),
        "deadline": TODAY + timedelta(days=5 + number),
    }
    values.update(fields)
    return Offer(**values)


async def seed(sessions: async_sessionmaker, clock: FakeClock, *offers: Offer) -> list[int]:
    """Store offers; return their ids."""
    ids = []
    async with sessions() as session, session.begin():
        for offer in offers:
            ids.append((await save_offer(session=session, offer=offer, now=clock())).offer_id)
    return ids


class _Api(FakeBotApi):
    """The double, with its rate-limit clock exposed so the limiter shares it."""

    def __init__(self, ticker: Ticker) -> None:
        super().__init__(clock=ticker)
        self.ticker = ticker


@pytest.fixture
def api() -> _Api:
    return _Api(Ticker())


@pytest.fixture
def bot_settings(api: _Api) -> Settings:
    """The bot's settings; a test module overrides this fixture to configure the bot."""
    return Settings(telegram=TelegramSettings(token=api.token))


@pytest.fixture
async def bot(
    api: _Api, sessions: async_sessionmaker, clock: FakeClock, bot_settings: Settings
) -> AsyncIterator[Bot]:
    settings = bot_settings
    limiter = ChatRateLimiter(clock=api.ticker, sleep=api.ticker.sleep)
    app = build_application(
        settings, sessions=sessions, clock=clock, request=FakeRequest(api), rate_limiter=limiter
    )
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        yield Bot(app, api, sessions)
