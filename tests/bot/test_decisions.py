"""The buttons of alerts that know what the user did: applied, not interested, undo."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.localtime import NOUMEA
from postes.jobs.reminders import enqueue_due_reminders
from postes.platforms.telegram.sender import TelegramSender
from tests.bot.conftest import TODAY, Bot, button_data, make_offer, seed
from tests.botapi.chats import SentMessage

CHAT = 100


async def _alert(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> tuple[int, SentMessage]:
    """Subscribe the chat, store a matching offer and deliver its alert."""
    await bot.say("/abonner corps:attaché")
    (offer,) = await seed(sessions, clock, make_offer(1, deadline=TODAY + timedelta(days=10)))
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    before = len(bot.api.sent_messages(CHAT))
    await deliver_due(sessions=sessions, sender=TelegramSender(bot.app.bot), clock=clock)
    (alert,) = bot.api.sent_messages(CHAT)[before:]
    return offer, alert


def _toast(bot: Bot) -> str:
    return str(bot.api.calls_to("answerCallbackQuery")[-1].params["text"])


async def test_applied_ends_reminders_and_lists_the_offer_under_its_own_heading(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer, alert = await _alert(bot, sessions, clock)
    assert "via votre abonnement n°" in alert.text
    assert {f"app:{offer}", f"nop:{offer}", f"fol:{offer}"} <= set(button_data(alert))

    await bot.press(alert, f"app:{offer}")

    assert "vous avez postulé" in _toast(bot)
    # The stale buttons are gone from the alert; a way back took their place.
    buttons = button_data(bot.current(alert))
    assert f"app:{offer}" not in buttons
    assert f"fol:{offer}" not in buttons
    assert f"und:{offer}" in buttons
    clock.now += timedelta(days=3, hours=23)  # the J-7 reminder's time
    reminders = await enqueue_due_reminders(
        sessions=sessions, clock=clock, zone=NOUMEA, reminder_time=time(8, 0)
    )
    assert reminders == 0

    (listing,) = await bot.say("/echeances")
    assert "Vos candidatures (1)" in listing.text
    assert listing.text.index("Vos candidatures") < listing.text.index("Chargé de mission n°1")
    assert f"unl:{offer}" in button_data(listing)

    await bot.press(listing, f"unl:{offer}")

    assert "n'est plus marquée « postulé »" in _toast(bot)
    redrawn = bot.current(listing)
    assert "Vos candidatures" not in redrawn["text"]
    assert "Chargé de mission n°1" in redrawn["text"]
    reminders = await enqueue_due_reminders(
        sessions=sessions, clock=clock, zone=NOUMEA, reminder_time=time(8, 0)
    )
    assert reminders == 1


async def test_not_interested_hides_the_offer_from_the_deadlines(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer, alert = await _alert(bot, sessions, clock)
    (before,) = await bot.say("/echeances")
    assert "Chargé de mission n°1" in before.text

    await bot.press(alert, f"nop:{offer}")

    assert "plus de rappel" in _toast(bot)
    (after,) = await bot.say("/echeances")
    assert "Chargé de mission n°1" not in after.text
    assert "1 offre ouverte écartée" in after.text
    await bot.press(after, f"unl:{offer}")  # taken back from the list
    assert "Chargé de mission n°1" in bot.current(after)["text"]
    await bot.press_raw(CHAT, alert.message_id, f"nop:{offer}")
    assert f"und:{offer}" in button_data(bot.current(alert))
    await bot.press_raw(CHAT, alert.message_id, f"und:{offer}")  # the alert's undo
    (again,) = await bot.say("/echeances")
    assert "Chargé de mission n°1" in again.text


async def test_follow_button_goes_once_pressed(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer, alert = await _alert(bot, sessions, clock)

    await bot.press(alert, f"fol:{offer}")

    assert "je vous rappellerai" in _toast(bot)
    buttons = button_data(bot.current(alert))
    assert f"fol:{offer}" not in buttons
    assert f"app:{offer}" in buttons


async def test_the_details_say_what_was_decided_and_offer_the_way_back(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    (offer,) = await seed(sessions, clock, make_offer(4))  # as a digest reader opens it
    (details,) = await bot.say("/offre 3134-25-0004/SR")
    assert {f"app:{offer}", f"nop:{offer}", f"fol:{offer}"} <= set(button_data(details))

    await bot.press(details, f"app:{offer}")

    (again,) = await bot.say("/offre 3134-25-0004/SR")
    assert "Vous avez postulé" in again.text
    assert f"und:{offer}" in button_data(again)
    assert not {f"app:{offer}", f"fol:{offer}"} & set(button_data(again))
