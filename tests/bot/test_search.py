"""Searching offers: /offers and /offres, pages, details, escaping, long lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from postes.offers.model import Corps
from postes.offers.query import MAX_QUERY_LENGTH
from tests.bot.conftest import TODAY, Bot, button_data, make_offer, seed


async def test_commands_are_listed_in_french(bot: Bot) -> None:
    (call,) = bot.api.calls_to("setMyCommands")
    names = [c["command"] for c in call.params["commands"]]
    assert {"offres", "abonner", "abonnements", "echeances", "reglages", "aide"} <= set(names)


async def test_new_user_searches_and_sees_matching_offers(bot: Bot, sessions, clock) -> None:
    await seed(
        sessions,
        clock,
        make_offer(1, title="Juriste marchés publics"),
        make_offer(2, title="Technicien réseaux", corps=[Corps("Technicien")]),
    )
    (sent,) = await bot.say("/offers attaché")
    assert "1 offre ouverte" in sent.text
    assert "Juriste marchés publics" in sent.text
    assert "Province Sud · Attaché · ⏳ 20/07 (J-6)" in sent.text
    assert "Technicien réseaux" not in sent.text
    assert any(d.startswith("off:") for d in button_data(sent))


async def test_french_alias_and_accents(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1, title="Attachée de direction"))
    (sent,) = await bot.say("/offres ATTACHE")
    assert "Attachée de direction" in sent.text


async def test_no_query_lists_recent_open_offers(bot: Bot, sessions, clock) -> None:
    await seed(
        sessions,
        clock,
        make_offer(1),
        make_offer(2, title="Déjà clôturée", deadline=TODAY - timedelta(days=1)),
    )
    (sent,) = await bot.say("/offres")
    assert "Offres ouvertes les plus récentes" in sent.text
    assert "Déjà clôturée" not in sent.text


async def test_pages_move_with_buttons(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, *(make_offer(n) for n in range(1, 13)))
    (sent,) = await bot.say("/offres attaché")
    assert "page 1/3" in sent.text
    assert "ofp:2" in button_data(sent)
    await bot.press(sent, "ofp:2")
    edited = bot.current(sent)
    assert "page 2/3" in edited["text"]
    assert "6. " in edited["text"]
    assert {"ofp:1", "ofp:3"} <= set(button_data(edited))


async def test_no_result_suggests_broader_terms_and_subscribing(bot: Bot) -> None:
    (sent,) = await bot.say("/offres astronaute")
    assert "Aucune offre ouverte" in sent.text
    assert "/abonner astronaute" in sent.text
    assert "sfq" in button_data(sent)


async def test_overlong_query_gets_a_clear_message(bot: Bot) -> None:
    (sent,) = await bot.say("/offres " + "a" * (MAX_QUERY_LENGTH + 1))
    assert "trop longue" in sent.text


async def test_html_in_offer_text_is_escaped(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1, title="R&D <urgent>", employer="Province <Sud> & co"))
    (sent,) = await bot.say("/offres urgent")
    assert "R&D <urgent>" in sent.text  # the double parsed the HTML: text shown as written
    assert not bot.api.rejected
    (details,) = await bot.press(sent, button_data(sent)[0])
    assert details.text.startswith("R&D <urgent>")


async def test_user_html_in_query_is_escaped(bot: Bot) -> None:
    (sent,) = await bot.say("/offres <b>x</b> & 🚀")
    assert "« <b>x</b> & 🚀 »" in sent.text
    assert not bot.api.rejected


async def test_offer_by_reference_shows_every_field(bot: Bot, sessions, clock) -> None:
    await seed(
        sessions,
        clock,
        make_offer(7, source="https://example.nc/avis.pdf", start_text="dès que possible"),
    )
    (sent,) = await bot.say("/offre 3134-25-0007/sr")
    for expected in ("Référence : 3134-25-0007/SR", "Employeur : Province Sud", "Attaché (A)",
                     "Lieu de travail : Nouméa", "Date limite : 26/07 (J-12)",
                     "Prise de poste : dès que possible"):  # fmt: skip
        assert expected in sent.text
    urls = [b.get("url") for row in sent.reply_markup["inline_keyboard"] for b in row]
    assert "https://example.nc/avis.pdf" in urls


async def test_offer_with_local_source_sends_the_document_one_tap_away(
    bot: Bot, sessions, clock, tmp_path
) -> None:
    notice = tmp_path / "avis.txt"
    notice.write_text("Avis de vacance", encoding="utf-8")
    (offer,) = await seed(sessions, clock, make_offer(3, source=str(notice)))
    (details,) = await bot.say("/offer 3134-25-0003/SR")
    (sent,) = await bot.press(details, f"doc:{offer}")
    assert sent.document is not None
    assert (sent.document["file_name"], sent.document["mime_type"]) == ("avis.txt", "text/plain")


async def test_unknown_reference_is_explained(bot: Bot) -> None:
    (sent,) = await bot.say("/offre 9999")
    assert "aucune offre dont la référence contient « 9999 »" in sent.text


async def test_long_offer_details_stay_within_telegram_limit(bot: Bot, sessions, clock) -> None:
    long_body = "\n".join(f"Ligne {n} " + "mission " * 40 for n in range(60))
    await seed(sessions, clock, make_offer(1, body=long_body, title="Long " + "intitulé " * 60))
    sent = await bot.say("/offre 3134-25-0001/SR")
    assert all(len(m.text) <= 4096 for m in sent)
    assert sent[-1].reply_markup is not None
    assert not bot.api.rejected


async def test_follow_button_adds_the_offer_to_deadlines(bot: Bot, sessions, clock) -> None:
    (offer_id,) = await seed(sessions, clock, make_offer(1, employer="Mairie de Koné"))
    (details,) = await bot.press_raw(100, 1, f"off:{offer_id}")
    await bot.press(details, f"fol:{offer_id}")
    answer = bot.api.calls_to("answerCallbackQuery")[-1]
    assert "rappellerai" in answer.params["text"]
    (deadlines,) = await bot.say("/echeances")
    assert "⭐" in deadlines.text
    assert "Chargé de mission n°1" in deadlines.text


async def test_the_day_flips_at_1300_utc_in_noumea(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1, title="Dernier jour", deadline=TODAY + timedelta(1)))
    clock.now = datetime(2025, 7, 15, 12, 59, tzinfo=UTC)  # 23:59 on the 15th in Nouméa

    (last_day,) = await bot.say("/offres dernier")
    clock.now = datetime(2025, 7, 15, 13, 0, tzinfo=UTC)  # 00:00 on the 16th: closed
    (closed,) = await bot.say("/offres dernier")

    assert "Dernier jour" in last_day.text
    assert "(dernier jour !)" in last_day.text
    assert "Dernier jour" not in closed.text
