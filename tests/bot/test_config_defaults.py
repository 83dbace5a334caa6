"""Configuration keys do what they say: `[schedule] reminder_days` is a new chat's default."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from postes.config import ScheduleSettings, Settings, TelegramSettings
from postes.storage.models import ChatRow
from tests.bot.conftest import Bot


@pytest.fixture
def bot_settings(api) -> Settings:
    return Settings(
        telegram=TelegramSettings(token=api.token),
        schedule=dataclasses.replace(ScheduleSettings(), reminder_days=(3,)),
    )


async def test_new_chats_are_reminded_on_the_configured_days(bot: Bot, sessions) -> None:
    await bot.say("/start", chat_id=501)
    (sent,) = await bot.say("/reglages", chat_id=501)

    async with sessions() as session:
        chat = await session.scalar(select(ChatRow).where(ChatRow.external_id == "501"))
    assert chat is not None
    assert chat.reminder_days == [3]
    assert "Rappels : 3 jours avant" in sent.text
