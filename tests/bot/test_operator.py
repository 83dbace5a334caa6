"""`[telegram] admins` have a purpose: /statut and /diffuser, for them alone."""

from __future__ import annotations

import json

import pytest

from postes.config import Settings, TelegramSettings
from postes.jobs.deliver import deliver_due
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.outbox import list_messages
from tests.bot.conftest import Bot

ADMIN, USER, PAUSED = 7, 8, 9


@pytest.fixture
def bot_settings(api) -> Settings:
    return Settings(telegram=TelegramSettings(token=api.token, admins=(ADMIN,)))


@pytest.mark.parametrize("command", ["/statut", "/status", "/diffuser Bonjour", "/broadcast x"])
async def test_operator_commands_are_unknown_to_everyone_else(bot: Bot, command: str) -> None:
    (sent,) = await bot.say(command, chat_id=USER)

    assert "Je ne connais pas cette commande" in sent.text
    assert "statut" not in sent.text
    assert "diffuser" not in sent.text


async def test_operator_reads_the_status_in_the_chat(bot: Bot) -> None:
    (sent,) = await bot.say("/statut", chat_id=ADMIN)

    assert "Sources :" in sent.text
    assert "Messages : en attente 0" in sent.text
    assert "Offres à vérifier (0)" in sent.text


async def test_only_operators_are_shown_the_operator_commands(bot: Bot) -> None:
    def names(scope: dict) -> list[str]:
        key = json.dumps([scope, ""], sort_keys=True)
        return [c["command"] for c in bot.api.commands[key]]

    assert "statut" not in names({"type": "default"})
    assert {"statut", "diffuser", "offres"} <= set(names({"type": "chat", "chat_id": ADMIN}))


async def test_broadcast_is_confirmed_then_sent_once_to_every_active_chat(
    bot: Bot, sessions, clock
) -> None:
    for chat in (ADMIN, USER, PAUSED):
        await bot.say("/start", chat_id=chat)
    (panel,) = await bot.say("/reglages", chat_id=PAUSED)
    await bot.press(panel, "set:pau:1")

    (preview,) = await bot.say("/diffuser Nouveau : les <offres> & rappels", chat_id=ADMIN)
    assert "à 2 discussions" in preview.text  # the admin and USER; not the paused chat
    assert "les <offres> & rappels" in preview.text  # escaped: shown as typed
    await bot.press(preview, "bc:yes", user_id=ADMIN)  # the preview is edited into the outcome
    assert "mis en file d'envoi pour 2 discussions" in bot.current(preview)["text"]
    await bot.press_raw(ADMIN, preview.message_id, "bc:yes", user_id=ADMIN)  # pressed again

    async with sessions() as session:
        rows = await list_messages(session=session, kinds=["broadcast:"])
    assert len(rows) == 2
    before = len(bot.api.sent_messages())
    report = await deliver_due(sessions=sessions, sender=TelegramSender(bot.app.bot), clock=clock)
    assert report.sent == 2
    received = bot.api.sent_messages()[before:]
    assert sorted(m.chat_id for m in received) == [ADMIN, USER]
    assert all("Nouveau : les <offres> & rappels" in m.text for m in received)


async def test_cancelled_broadcast_sends_nothing(bot: Bot, sessions) -> None:
    (preview,) = await bot.say("/diffuser Test", chat_id=ADMIN)
    await bot.press(preview, "bc:no", user_id=ADMIN)

    assert "Diffusion annulée" in bot.current(preview)["text"]
    async with sessions() as session:
        assert await list_messages(session=session, kinds=["broadcast:"]) == []


async def test_a_forged_confirmation_from_someone_else_broadcasts_nothing(
    bot: Bot, sessions
) -> None:
    (preview,) = await bot.say("/diffuser Test", chat_id=ADMIN)
    await bot.press_raw(ADMIN, preview.message_id, "bc:yes", user_id=USER)

    async with sessions() as session:
        assert await list_messages(session=session, kinds=["broadcast:"]) == []
