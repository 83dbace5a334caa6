"""Commands with accents or typos, and plain text, get what the person meant."""

from __future__ import annotations

import pytest

from postes.conversation.typos import guess_command
from tests.bot.conftest import Bot, make_offer, seed


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ofres", "offers"), ("abonement", None), ("reglage", "settings"), ("stpo", "stop")],
)
def test_near_misses_are_guessed_but_not_run(typed: str, expected: str | None) -> None:
    guess = guess_command(typed)
    assert guess is not None
    assert not guess.exact
    if expected:
        assert guess.key == expected


async def test_a_typo_gets_did_you_mean_with_the_same_words(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1))

    (sent,) = await bot.say("/ofres attaché")

    assert "la commande « ofres ». Vouliez-vous dire /offres attaché ?" in sent.text
    assert "offre ouverte" not in sent.text  # suggested, not run


async def test_accented_spellings_of_commands_just_work(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1))
    await bot.say("/abonner corps:attaché")
    (follow,) = await bot.say("/Offres")

    (deadlines,) = await bot.say("/échéances")
    (unsubscribe,) = await bot.say("/désabonner 1")
    (settings,) = await bot.say("/Réglages")

    assert "Offres ouvertes les plus récentes" in follow.text
    assert "Vos prochaines échéances" in deadlines.text
    assert "Abonnement n°1 supprimé" in unsubscribe.text
    assert "Rappels : 7 jours et 1 jour avant la date limite" in settings.text


async def test_an_accented_command_telegram_does_not_mark_still_works(
    bot: Bot, sessions, clock
) -> None:
    # Clients only mark ASCII command names: `/échéances` may arrive as plain text.
    update = bot.api.message_update(100, 100, "/échéances")
    update["message"].pop("entities", None)

    (sent,) = await bot.process(update)

    assert "Rien à l'horizon" in sent.text


async def test_words_without_a_command_are_searched(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1, title="Juriste"), make_offer(2, title="Comptable"))

    (plain,) = await bot.say("juriste")
    (without_slash,) = await bot.say("offres comptable")

    assert "1 offre ouverte pour « juriste »" in plain.text
    assert "1 offre ouverte pour « comptable »" in without_slash.text
    assert "Juriste" not in without_slash.text


async def test_greetings_and_long_messages_get_the_help_not_a_search(bot: Bot) -> None:
    (hello,) = await bot.say("Bonjour !")
    (long,) = await bot.say("je voudrais savoir comment on fait pour postuler à une offre svp")

    for sent in (hello, long):
        assert "Écrivez-moi quelques mots" in sent.text
        assert "Aucune offre" not in sent.text


async def test_in_groups_plain_text_is_not_searched(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1, title="Juriste"))

    sent = await bot.say("juriste", chat_id=-100, user_id=5, chat_type="group")

    assert sent == []  # not addressed to the bot
