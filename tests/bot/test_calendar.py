""" "📅 Ajouter à mon agenda": an .ics event sent as a document, read back with icalendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from tests.bot.conftest import TODAY, Bot, make_offer, seed

CHAT = 100
NOUMEA = ZoneInfo("Pacific/Noumea")


def _event(bot: Bot) -> tuple[dict, Calendar]:
    (call,) = bot.api.calls_to("sendDocument")
    upload = call.params["document"]
    return call.params, Calendar.from_ical(upload.content)


async def test_calendar_button_sends_the_deadline_at_its_hour_in_noumea(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    deadline = TODAY + timedelta(days=10)
    (offer,) = await seed(
        sessions, clock, make_offer(1, deadline=deadline, deadline_time=time(15, 30), title="A & B")
    )

    await bot.press_raw(CHAT, 1, f"ics:{offer}")

    params, calendar = _event(bot)
    assert params["document"].filename == "date-limite-3134-25-0001-SR.ics"
    assert params["document"].mimetype == "text/calendar"
    assert "24/07 à 15h30" in params["caption"]
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(2025, 7, 24, 15, 30, tzinfo=NOUMEA)
    assert start.utcoffset() == timedelta(hours=11)
    assert str(event["summary"]) == "Date limite de candidature : A & B"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Pacific/Noumea"
    assert event.walk("VALARM")[0].decoded("trigger") == timedelta(days=-1)


async def test_without_an_hour_the_deadline_is_an_all_day_event(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    (offer,) = await seed(sessions, clock, make_offer(2, deadline=date(2025, 8, 1)))

    await bot.press_raw(CHAT, 1, f"ics:{offer}")

    _, calendar = _event(bot)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == date(2025, 8, 1)
    assert event.decoded("dtend") == date(2025, 8, 2)


async def test_no_calendar_for_an_offer_without_deadline(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    (offer,) = await seed(sessions, clock, make_offer(3, deadline=None))

    (sent,) = await bot.press_raw(CHAT, 1, f"ics:{offer}")

    assert "pas de date limite" in sent.text
    assert bot.api.calls_to("sendDocument") == []
