"""`/reglages rappels 14 3 1`: custom reminder days, with limits; bad input changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from postes.storage.models import ChatRow
from tests.bot.conftest import Bot


async def _days(sessions) -> list[int]:
    async with sessions() as session:
        return list((await session.scalars(select(ChatRow.reminder_days))).one())


async def test_custom_reminder_days_are_stored_and_shown(bot: Bot, sessions) -> None:
    (sent,) = await bot.say("/reglages rappels 14 3 1")

    assert "C'est noté : 14 jours, 3 jours et 1 jour avant la date limite." in sent.text
    assert "Rappels : 14 jours, 3 jours et 1 jour avant la date limite" in sent.text
    assert await _days(sessions) == [14, 3, 1]


async def test_french_ways_of_writing_days_are_read(bot: Bot, sessions) -> None:
    await bot.say("/réglages rappel J-10, J-2")
    assert await _days(sessions) == [10, 2]
    (off,) = await bot.say("/reglages rappels aucun")
    assert "plus aucun rappel" in off.text
    assert await _days(sessions) == []


@pytest.mark.parametrize(
    ("typed", "explanation"),
    [
        ("rappels 61", "(61 ne convient pas)"),
        ("rappels 0 3", "(0 ne convient pas)"),
        ("rappels 0 100", "(0, 100 ne conviennent pas)"),
        ("rappels 30 20 10 5 2 1", "5 rappels au plus"),
        ("rappels 3 3", "qu'une fois"),
        ("rappels demain", "« demain » n'est pas un nombre de jours"),
        ("rappels", "Combien de jours"),
        ("couleur bleue", "Je ne connais pas le réglage « couleur »"),
    ],
)
async def test_bad_reminder_days_are_explained_and_change_nothing(
    bot: Bot, sessions, typed: str, explanation: str
) -> None:
    await bot.say("/reglages rappels 5 2")

    (sent,) = await bot.say(f"/reglages {typed}")

    assert explanation in sent.text
    assert await _days(sessions) == [5, 2]
