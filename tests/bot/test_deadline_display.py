"""What users read of a deadline: its hour, 'au fil de l'eau', or 'non indiquée' with the notice."""

import html
from datetime import time, timedelta

from postes.conversation.notices import render_alert, render_reminder
from postes.storage.models import OfferRow
from tests.bot.conftest import TODAY, Bot, make_offer, seed


async def test_undated_offer_says_so_and_sends_the_notice(
    bot: Bot, sessions, clock, tmp_path
) -> None:
    notice = tmp_path / "avis.pdf"
    notice.write_bytes(b"%PDF-1.4 avis")
    await seed(
        sessions,
        clock,
        make_offer(5, deadline=None, source=str(notice), review="date limite introuvable"),
    )
    sent = await bot.say("/offre 3134-25-0005/SR")
    assert "Date limite : non indiquée — voir l'avis" in sent[0].text
    assert sent[-1].document is not None
    assert sent[-1].document["file_name"] == "avis.pdf"


async def test_open_ended_offer_is_said_to_be_read_as_it_comes(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(6, deadline=None, no_deadline=True))
    (sent,) = await bot.say("/offre 3134-25-0006/SR")
    assert "Date limite : aucune, candidatures au fil de l'eau" in sent.text


async def test_deadline_hour_is_given_in_details_and_search(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(8, deadline_time=time(15, 0)))
    (details,) = await bot.say("/offre 3134-25-0008/SR")
    assert "Date limite : 27/07 (J-13), avant 15h" in details.text
    (results,) = await bot.say("/offres mission")
    assert "27/07 (J-13), avant 15h" in results.text


def _row(**fields: object) -> OfferRow:
    values: dict[str, object] = {
        "id": 1,
        "title": "Comptable",
        "employer": "CAFAT",
        "corps": [],
        "workplace": None,
        "reference": None,
        "deadline": TODAY + timedelta(days=1),
        "deadline_time": "11:30",
        "no_deadline": False,
    }
    values.update(fields)
    return OfferRow(**values)


def test_reminder_gives_the_closing_hour() -> None:
    reply = render_reminder(_row(), today=TODAY)
    assert "Plus qu’un jour pour candidater</b> (demain, avant 11h30)" in reply.text
    last_day = render_reminder(_row(deadline=TODAY, deadline_time="16:00"), today=TODAY)
    assert "Dernier jour pour candidater, avant 16h" in last_day.text


def test_alert_without_deadline_says_to_see_the_notice() -> None:
    reply = render_alert(
        _row(deadline=None, deadline_time=None), matched=[], followed=False, today=TODAY
    )
    assert "Date limite : non indiquée — voir l'avis" in html.unescape(reply.text)


def _data(reply: object) -> list[str]:
    return [b.data for row in reply.buttons for b in row if b.data]  # type: ignore[attr-defined]


def test_reminder_offers_applied_not_interested_and_calendar_but_no_follow() -> None:
    assert _data(render_reminder(_row(), today=TODAY)) == ["off:1", "ics:1", "app:1", "nop:1"]


def test_alert_of_a_followed_offer_has_no_follow_button() -> None:
    followed = render_alert(_row(), matched=[], followed=True, today=TODAY)
    assert "fol:1" not in _data(followed)
    assert "fol:1" in _data(render_alert(_row(), matched=[], followed=False, today=TODAY))
    # No deadline, nothing to put in a calendar.
    undated = render_alert(_row(deadline=None), matched=[], followed=False, today=TODAY)
    assert "ics:1" not in _data(undated)
