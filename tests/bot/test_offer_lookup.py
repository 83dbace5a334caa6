"""`/offre` with part of a reference, several candidates, or words."""

from __future__ import annotations

from tests.bot.conftest import Bot, button_data, make_offer, seed


async def test_the_end_of_a_reference_finds_the_offer(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(925, reference="3134-26-0925/SR"), make_offer(2))

    for typed in ("0925", "925", "3134-26-0925", "26-0925"):
        (sent,) = await bot.say(f"/offre {typed}")
        assert "Référence : 3134-26-0925/SR" in sent.text, typed


async def test_several_fitting_references_are_listed_with_a_button_each(
    bot: Bot, sessions, clock
) -> None:
    ids = await seed(
        sessions,
        clock,
        make_offer(1, reference="3134-25-0925/SR", title="Juriste"),
        make_offer(2, reference="1200-26-0925/DRH", title="Comptable"),
        make_offer(3, reference="3134-25-1925/SR", title="Jardinier"),  # 1925 is not 0925
    )

    (sent,) = await bot.say("/offre 0925")

    assert "2 offres" in sent.text
    assert "Juriste" in sent.text
    assert "Comptable" in sent.text
    assert "Jardinier" not in sent.text
    assert sorted(button_data(sent)) == sorted(f"off:{i}" for i in ids[:2])
    (details,) = await bot.press(sent, f"off:{ids[1]}")
    assert "Référence : 1200-26-0925/DRH" in details.text


async def test_words_instead_of_a_reference_are_searched(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1, title="Juriste"), make_offer(2, title="Agent"))

    (sent,) = await bot.say("/offre juriste")

    assert "1 offre ouverte pour « juriste »" in sent.text
    assert "Agent" not in sent.text
    assert "🔎 /offres juriste" in sent.text
