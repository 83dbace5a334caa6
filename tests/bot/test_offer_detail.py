"""The details of an offer read well: lists stay lists, each date once, and how to apply, the
notice and the calendar one tap away; no reminder offered for a closed offer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from tests.bot.conftest import TODAY, Bot, button_data, make_offer, seed

BODY = """La direction gère la carrière de 900 agents.

Missions :
- Préparer les actes de gestion ;
- Contrôler la paie & les primes ;

Pour tout renseignement : M. Wamytan au 45 51 00 ou drh@province-iles.nc
Les candidatures (CV et lettre de motivation) sont à adresser à la DRH, BP 50, 98820 Wé."""
CONTACT = "M. Wamytan au 45 51 00 ou drh@province-iles.nc"


async def test_the_body_keeps_its_lists_and_the_date_is_shown_once(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    published = TODAY - timedelta(days=2)
    await seed(
        sessions,
        clock,
        make_offer(1, body=BODY, contact=CONTACT, reference_date=published, published_on=published),
    )

    (sent,) = await bot.say("/offre 3134-25-0001/SR")

    assert "Missions :\n• Préparer les actes de gestion ;\n• Contrôler la paie & les primes ;" in (
        sent.text
    )
    assert sent.text.count("12/07") == 1  # reference and publication: the same day, once
    assert "Publiée le : 12/07" in sent.text


async def test_how_to_apply_gathers_contact_email_phone_and_address(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    (offer,) = await seed(sessions, clock, make_offer(2, body=BODY, contact=CONTACT))
    (details,) = await bot.say("/offre 3134-25-0002/SR")
    assert {f"how:{offer}", f"ics:{offer}", f"fol:{offer}"} <= set(button_data(details))

    (sent,) = await bot.press(details, f"how:{offer}")

    assert "Comment postuler" in sent.text
    assert "E-mail : drh@province-iles.nc" in sent.text
    assert "Téléphone : 45 51 00" in sent.text
    assert "Adresse : Les candidatures (CV et lettre de motivation) sont à adresser" in sent.text
    assert "Rappelez la référence 3134-25-0002/SR" in sent.text
    assert [e["type"] for e in sent.entities if e["type"] == "code"] == ["code"] * 3


async def test_a_closed_offer_offers_no_reminder_nor_calendar(
    bot: Bot, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    (offer,) = await seed(sessions, clock, make_offer(3, deadline=TODAY - timedelta(days=1)))

    (sent,) = await bot.say("/offre 3134-25-0003/SR")

    assert "clôturée" in sent.text
    assert f"fol:{offer}" not in button_data(sent)
    assert f"ics:{offer}" not in button_data(sent)
    assert f"how:{offer}" in button_data(sent)
