"""Filters in /offres and /abonner: `lieu:`, unknown filters and corps, unclosed quotes, OU."""

from __future__ import annotations

from sqlalchemy import select

from postes.offers.model import Corps
from postes.storage.models import SubscriptionRow
from tests.bot.conftest import Bot, button_data, make_offer, seed


async def _subscriptions(sessions) -> list[SubscriptionRow]:
    async with sessions() as session:
        return list(await session.scalars(select(SubscriptionRow).order_by(SubscriptionRow.id)))


async def _seed_towns(sessions, clock) -> None:
    await seed(
        sessions,
        clock,
        make_offer(1, title="Agent d'accueil", workplace="Païta"),
        make_offer(2, title="Juriste", workplace="Nouméa", body="Missions à Païta."),
        make_offer(3, title="Jardinier", workplace="PAÏTA – Tontouta"),
    )


async def test_place_filter_searches_the_workplace(bot: Bot, sessions, clock) -> None:
    await _seed_towns(sessions, clock)

    (sent,) = await bot.say("/offres lieu:paita")

    assert "2 offres ouvertes pour « lieu:paita »" in sent.text
    assert "Agent d'accueil" in sent.text
    assert "Jardinier" in sent.text
    assert "Juriste" not in sent.text  # Païta in its text, but the post is in Nouméa


async def test_place_subscription_is_stored_and_described(bot: Bot, sessions, clock) -> None:
    await _seed_towns(sessions, clock)

    (sent,) = await bot.say("/abonner lieu:Païta")

    assert "lieu : Païta" in sent.text
    assert "2 offres ouvertes y correspondent" in sent.text
    (row,) = await _subscriptions(sessions)
    assert row.places == ["Païta"]
    assert row.keywords == []


async def test_unknown_filter_is_explained_and_changes_nothing(bot: Bot, sessions, clock) -> None:
    await _seed_towns(sessions, clock)

    (search,) = await bot.say("/offres ville:Païta")
    (subscribe,) = await bot.say("/abonner ville:Païta")

    for sent in (search, subscribe):
        assert "Je ne connais pas le filtre « ville:Païta »" in sent.text
        assert "Vouliez-vous dire lieu:Païta" in sent.text
        assert "employeur:" in sent.text
    assert await _subscriptions(sessions) == []


async def test_unknown_corps_gets_the_nearest_names_and_no_subscription(
    bot: Bot, sessions, clock
) -> None:
    await seed(sessions, clock, make_offer(1, corps=[Corps("Rédacteur")]))

    (subscribe,) = await bot.say("/abonner corps:redacter")
    (nonsense,) = await bot.say("/abonner corps:bidule informatique")
    (search,) = await bot.say("/offres corps:bidule")

    assert "Je ne connais pas le corps « redacter »" in subscribe.text
    assert "corps:Rédacteur" in subscribe.text
    assert "Rien n'a été enregistré" in subscribe.text
    assert "Je ne connais pas le corps « bidule »" in nonsense.text
    assert "Corps les plus demandés en ce moment : Rédacteur" in search.text
    assert await _subscriptions(sessions) == []


async def test_corps_named_only_by_notices_is_accepted(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1, corps=[Corps("Garde champêtre")]))

    (sent,) = await bot.say("/abonner corps:garde")

    assert "créé" in sent.text
    assert "1 offre ouverte y correspond" in sent.text


async def test_unclosed_quote_is_read_as_closed(bot: Bot, sessions, clock) -> None:
    await seed(
        sessions,
        clock,
        make_offer(1),
        # Both words, but not as its employer: read as loose words, it would be found too.
        make_offer(2, employer="Mairie de Nouméa", title="Projet zone sud de la province"),
    )

    (sent,) = await bot.say('/offres employeur:"province sud')

    assert "1 offre ouverte" in sent.text
    assert "Projet zone sud" not in sent.text


async def test_several_keywords_say_all_must_match_and_offer_any(bot: Bot, sessions, clock) -> None:
    await seed(
        sessions,
        clock,
        make_offer(1, title="Technicien informatique"),
        make_offer(2, title="Technicien réseaux"),
    )

    (sent,) = await bot.say("/abonner informatique réseaux")

    assert "Tous ces mots doivent figurer" in sent.text
    assert "/abonner informatique OU réseaux" in sent.text
    assert "Aucune offre ouverte n'y correspond" in sent.text
    (row,) = await _subscriptions(sessions)
    assert f"sub:any:{row.id}" in button_data(sent)
    (changed,) = await bot.press(sent, f"sub:any:{row.id}")
    assert (
        "Un seul de ces mots suffit désormais ; 2 offres ouvertes y correspondent" in changed.text
    )
    assert "mots-clés : informatique ou réseaux" in changed.text
    (row,) = await _subscriptions(sessions)
    assert row.any_keywords


async def test_ou_subscribes_to_any_of_the_words(bot: Bot, sessions, clock) -> None:
    await seed(
        sessions,
        clock,
        make_offer(1, title="Technicien informatique"),
        make_offer(2, title="Technicien réseaux"),
    )

    (sent,) = await bot.say("/abonner informatique OU réseaux")

    assert "2 offres ouvertes y correspondent" in sent.text
    assert "Tous ces mots" not in sent.text
    (row,) = await _subscriptions(sessions)
    assert (row.keywords, row.any_keywords) == (["informatique", "réseaux"], True)


async def test_forged_any_button_changes_nothing(bot: Bot, sessions, clock) -> None:
    (sent,) = await bot.say("/abonner informatique réseaux", chat_id=200)
    (row,) = await _subscriptions(sessions)

    (answer,) = await bot.press_raw(100, sent.message_id, f"sub:any:{row.id}")

    assert f"Vous n'avez pas d'abonnement n°{row.id}" in answer.text
    (row,) = await _subscriptions(sessions)
    assert not row.any_keywords
