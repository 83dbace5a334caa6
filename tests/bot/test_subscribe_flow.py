"""The guided /abonner flow: fixed Annuler, ◀ Retour, "toutes les offres", and a keywords
prompt that survives other commands (its state is in the database)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from postes.storage.models import SubscriptionRow
from tests.bot.conftest import Bot, button_data, make_offer, seed
from tests.bot.test_restart import _restarted


async def _subscriptions(sessions) -> list[SubscriptionRow]:
    async with sessions() as session:
        return list(await session.scalars(select(SubscriptionRow).order_by(SubscriptionRow.id)))


def _rows(message: Any) -> list[list[str]]:
    markup = message.reply_markup if hasattr(message, "reply_markup") else message["reply_markup"]
    return [[b["text"] for b in row] for row in (markup or {}).get("inline_keyboard", [])]


async def test_annuler_is_always_alone_on_the_last_row(bot: Bot, sessions, clock) -> None:
    (offer_id,) = await seed(sessions, clock, make_offer(1))
    (start,) = await bot.say("/abonner")
    steps = [_rows(start)]
    for data in (f"sf:e{offer_id}", f"sf:e{offer_id}:c*", "sf:e*", "sf:e*:c*"):
        await bot.press_raw(100, start.message_id, data)
        steps.append(_rows(bot.current(start)))

    for rows in steps:
        assert rows[-1] == ["Annuler"]
        assert all("Annuler" not in row for row in rows[:-1])
    # Créer keeps its place on the first row, where "Toutes les offres" stands without criteria.
    assert steps[2][0] == ["✍️ Ajouter des mots-clés", "✅ Créer"]
    assert steps[4][0] == ["✍️ Ajouter des mots-clés", "📬 Toutes les offres"]


async def test_back_goes_to_the_previous_step(bot: Bot, sessions, clock) -> None:
    (offer_id,) = await seed(sessions, clock, make_offer(1))
    (start,) = await bot.say("/abonner")
    await bot.press(start, f"sf:e{offer_id}")
    await bot.press_raw(100, start.message_id, f"sf:e{offer_id}:c*")
    step3 = bot.current(start)
    assert "étape 3/3" in step3["text"]
    assert f"sf:e{offer_id}" in button_data(step3)

    await bot.press_raw(100, start.message_id, f"sf:e{offer_id}")  # ◀ Retour of step 3
    step2 = bot.current(start)
    assert "étape 2/3" in step2["text"]
    assert "sf:b" in button_data(step2)
    await bot.press_raw(100, start.message_id, "sf:b")  # ◀ Retour of step 2
    assert "étape 1/3" in bot.current(start)["text"]


async def test_all_employers_and_all_corps_can_subscribe_to_every_offer(
    bot: Bot, sessions, clock
) -> None:
    await seed(sessions, clock, make_offer(1), make_offer(2))
    (start,) = await bot.say("/abonner")
    await bot.press(start, "sf:e*")
    await bot.press_raw(100, start.message_id, "sf:e*:c*")
    step3 = bot.current(start)
    assert "toutes les nouvelles offres" in step3["text"]

    await bot.press_raw(100, start.message_id, "sf:e*:c*:all")

    done = bot.current(start)["text"]
    assert "Abonnement n°1 créé — toutes les offres" in done
    assert "2 offres ouvertes y correspondent" in done
    (row,) = await _subscriptions(sessions)
    assert (row.employers, row.corps, row.keywords, row.places) == ([], [], [], [])


async def test_one_line_tout_subscribes_to_every_offer_but_empty_text_does_not(
    bot: Bot, sessions
) -> None:
    (empty,) = await bot.say("/abonner de la")
    (everything,) = await bot.say("/abonner tout")

    assert "/abonner tout" in empty.text
    assert "toutes les offres" in everything.text
    assert len(await _subscriptions(sessions)) == 1


async def _ask_keywords(bot: Bot, sessions, clock) -> int:
    offer_id, _ = await seed(
        sessions, clock, make_offer(1, title="Juriste"), make_offer(2, title="Comptable")
    )
    (start,) = await bot.say("/abonner")
    await bot.press(start, f"sf:e{offer_id}")
    await bot.press_raw(100, start.message_id, f"sf:e{offer_id}:c*")
    (prompt,) = await bot.press_raw(100, start.message_id, f"sf:e{offer_id}:c*:k")
    assert prompt.reply_markup.get("force_reply") is True
    return offer_id


async def test_keywords_prompt_survives_a_command_typed_in_between(
    bot: Bot, sessions, clock
) -> None:
    await _ask_keywords(bot, sessions, clock)

    (search,) = await bot.say("/offres comptable")  # the person looks first…
    assert "1 offre ouverte pour « comptable »" in search.text
    (done,) = await bot.say("juriste")  # …then answers the prompt, not as a reply

    assert "Abonnement n°1 créé" in done.text
    assert "employeur : Province Sud · mots-clés : juriste" in done.text
    (row,) = await _subscriptions(sessions)
    assert row.keywords == ["juriste"]
    (after,) = await bot.say("juriste")  # answered: plain text is a search again
    assert "1 offre ouverte pour « juriste »" in after.text


async def test_keywords_prompt_survives_a_restart(bot: Bot, sessions, clock) -> None:
    await _ask_keywords(bot, sessions, clock)

    after = await _restarted(bot, sessions, clock)
    try:
        (done,) = await after.say("juriste")
    finally:
        await after.app.shutdown()
        await bot.app.initialize()  # the fixture shuts its own application down

    assert "Abonnement n°1 créé" in done.text


async def test_cancel_or_a_lapse_forgets_the_prompt(bot: Bot, sessions, clock) -> None:
    offer_id = await _ask_keywords(bot, sessions, clock)
    clock.advance(timedelta(hours=1))

    (late,) = await bot.say("juriste")
    assert "pour « juriste »" in late.text  # a search, no subscription
    (start,) = await bot.say("/abonner")
    await bot.press(start, f"sf:e{offer_id}")
    await bot.press_raw(100, start.message_id, f"sf:e{offer_id}:c*")
    await bot.press_raw(100, start.message_id, f"sf:e{offer_id}:c*:k")
    await bot.press_raw(100, start.message_id, "sf:x")
    (cancelled,) = await bot.say("juriste")

    assert "pour « juriste »" in cancelled.text
    assert await _subscriptions(sessions) == []
