"""Subscribing (guided and one-line), listing, pausing, deleting; forged buttons."""

from __future__ import annotations

from sqlalchemy import select

from postes.offers.model import Corps
from postes.storage.models import SubscriptionRow
from postes.storage.subscriptions import MAX_SUBSCRIPTIONS_PER_CHAT
from tests.bot.conftest import Bot, button_data, make_offer, seed


async def _subscriptions(sessions) -> list[SubscriptionRow]:
    async with sessions() as session:
        return list(await session.scalars(select(SubscriptionRow).order_by(SubscriptionRow.id)))


async def test_guided_flow_creates_a_subscription_end_to_end(bot: Bot, sessions, clock) -> None:
    await seed(
        sessions,
        clock,
        make_offer(1),
        make_offer(2, title="Informaticien", body="informatique réseaux"),
        make_offer(3, employer="Province Nord", corps=[Corps("Rédacteur")]),
    )
    (start,) = await bot.say("/abonner")
    assert "étape 1/3" in start.text
    assert "Province Sud (2)" in str(start.reply_markup)
    employer = next(d for d in button_data(start) if d.startswith("sf:e") and "*" not in d)
    await bot.press(start, employer)
    step2 = bot.current(start)
    assert "Employeur : Province Sud" in step2["text"]
    corps = next(d for d in button_data(step2) if ":c" in d and "*" not in d)
    await bot.press_raw(start.chat_id, start.message_id, corps)
    step3 = bot.current(start)
    assert "Corps : Attaché" in step3["text"]
    (prompt,) = await bot.press_raw(start.chat_id, start.message_id, corps + ":k")
    assert prompt.reply_markup.get("force_reply") is True  # as sent
    # The user answers the prompt (a reply to it): its text carries the flow's state.
    update = bot.api.message_update(100, 100, "informatique")
    update["message"]["reply_to_message"] = bot.current(prompt)
    (done,) = await bot.process(update)
    assert "Abonnement n°" in done.text
    assert "employeur : Province Sud · corps : Attaché · mots-clés : informatique" in done.text
    assert "1 offre ouverte y correspond" in done.text
    (row,) = await _subscriptions(sessions)
    assert (row.employers, row.corps, row.keywords) == (
        ["Province Sud"],
        ["Attaché"],
        ["informatique"],
    )
    (listing,) = await bot.press(done, f"sub:list:{row.id}")
    assert "Informaticien" in listing.text


async def test_guided_flow_can_finish_without_keywords(bot: Bot, sessions, clock) -> None:
    (offer_id,) = await seed(sessions, clock, make_offer(1))
    (start,) = await bot.say("/subscribe")
    await bot.press(start, f"sf:e{offer_id}")
    await bot.press_raw(100, start.message_id, f"sf:e{offer_id}:c*")
    await bot.press_raw(100, start.message_id, f"sf:e{offer_id}:c*:ok")
    assert "Abonnement n°" in bot.current(start)["text"]
    (row,) = await _subscriptions(sessions)
    assert (row.employers, row.corps, row.keywords) == (["Province Sud"], [], [])


async def test_one_line_form_canonicalises_employer_and_corps(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1, body="informatique"))
    (sent,) = await bot.say('/abonner corps:attache employeur:"province sud" informatique')
    assert "1 offre ouverte y correspond" in sent.text
    (row,) = await _subscriptions(sessions)
    assert row.corps == ["Attaché"]
    assert row.employers == ["Province Sud"]
    assert row.keywords == ["informatique"]


async def test_empty_subscription_is_refused_with_an_explanation(bot: Bot, sessions) -> None:
    (sent,) = await bot.say("/abonner de la")
    assert "au moins un critère" in sent.text
    assert await _subscriptions(sessions) == []


async def test_subscriptions_are_capped(bot: Bot, sessions) -> None:
    for n in range(MAX_SUBSCRIPTIONS_PER_CHAT):
        await bot.say(f"/abonner mot{n}")
    (sent,) = await bot.say("/abonner encore")
    assert "le maximum" in sent.text
    assert len(await _subscriptions(sessions)) == MAX_SUBSCRIPTIONS_PER_CHAT


async def test_long_subscription_list_is_split_within_limits(bot: Bot, sessions) -> None:
    for n in range(40):
        await bot.say(f"/abonner mot{n} " + " ".join(f"terme{n}x{k}" for k in range(25)))
    sent = await bot.say("/abonnements")
    assert len(sent) >= 2
    assert all(len(m.text) <= 4096 for m in sent)
    assert len(button_data(sent[-1])) == 80
    assert not bot.api.rejected


async def test_list_pause_resume_and_delete(bot: Bot, sessions) -> None:
    await bot.say("/abonner corps:rédacteur")
    (row,) = await _subscriptions(sessions)
    (listing,) = await bot.say("/subscriptions")
    await bot.press(listing, f"sub:pause:{row.id}")
    assert "en pause" in bot.current(listing)["text"]
    assert (await _subscriptions(sessions))[0].paused
    await bot.press_raw(100, listing.message_id, f"sub:resume:{row.id}")
    assert not (await _subscriptions(sessions))[0].paused
    await bot.press_raw(100, listing.message_id, f"sub:del:{row.id}")
    assert await _subscriptions(sessions) == []
    assert "aucun abonnement" in bot.current(listing)["text"]


async def test_unsubscribe_with_id_and_without(bot: Bot, sessions) -> None:
    await bot.say("/abonner informatique")
    (row,) = await _subscriptions(sessions)
    (listing,) = await bot.say("/desabonner")
    assert f"sub:del:{row.id}" in button_data(listing)
    (done,) = await bot.say(f"/unsubscribe {row.id}")
    assert "supprimé" in done.text
    assert await _subscriptions(sessions) == []


async def test_mute_button_of_an_alert_pauses_the_subscription(bot: Bot, sessions) -> None:
    await bot.say("/abonner informatique")
    (row,) = await _subscriptions(sessions)
    await bot.press_raw(100, 1, f"sub:mute:{row.id}")
    assert (await _subscriptions(sessions))[0].paused
    assert "en pause" in bot.api.calls_to("answerCallbackQuery")[-1].params["text"]


async def test_forged_callback_for_someone_elses_subscription_changes_nothing(
    bot: Bot, sessions
) -> None:
    await bot.say("/abonner informatique", chat_id=200)
    (theirs,) = await _subscriptions(sessions)
    await bot.say("/abonnements", chat_id=300)
    for action in ("del", "pause", "mute"):
        await bot.press_raw(300, 1, f"sub:{action}:{theirs.id}")
    (after,) = await _subscriptions(sessions)
    assert after.id == theirs.id
    assert not after.paused
    assert "pas d'abonnement" in bot.api.calls_to("answerCallbackQuery")[-1].params["text"]


async def test_stale_or_garbage_buttons_get_an_answer(bot: Bot) -> None:
    await bot.press_raw(100, 1, "sf:e999999")
    await bot.press_raw(100, 1, "zzz")
    await bot.press_raw(100, 1, "sub:del:01")  # not how we write 1: forged or corrupted
    await bot.press_raw(100, 1, "set:rem:7.1:x")
    answers = bot.api.calls_to("answerCallbackQuery")
    assert len(answers) == 4
    assert all("plus valable" in a.params["text"] for a in answers)


async def test_subscribe_to_the_search_shown(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1))
    (results,) = await bot.say("/offres juridiques")
    (done,) = await bot.press(results, "sfq")
    assert "Abonnement n°" in done.text
    (row,) = await _subscriptions(sessions)
    assert row.keywords == ["juridiques"]
    # The button did its job: gone from the results, and from the same search done again.
    assert "sfq" not in button_data(bot.current(results))
    assert "off:" in " ".join(button_data(bot.current(results)))
    (again,) = await bot.say("/offres juridiques")
    assert "sfq" not in button_data(again)
    (listed,) = await bot.press(done, f"sub:list:{row.id}")
    assert "sfq" not in button_data(listed)
    (other,) = await bot.say("/offres mission")
    assert "sfq" in button_data(other)
