"""Chats: groups and their admins, blocking and coming back, /stop, help for the lost."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from postes.storage.models import ChatRow, FollowRow, SubscriptionRow
from tests.bot.conftest import Bot, button_data, make_offer, seed

GROUP = -4001
ADMIN, MEMBER = 11, 12


async def _chat(sessions, external_id: int) -> ChatRow | None:
    async with sessions() as session:
        return await session.scalar(select(ChatRow).where(ChatRow.external_id == str(external_id)))


async def _count(sessions, model: Any) -> int:
    async with sessions() as session:
        return len(list(await session.scalars(select(model))))


def _membership(chat: dict[str, Any], old: str, new: str, bot_user: dict[str, Any]) -> dict:
    return {
        "update_id": 9000,
        "my_chat_member": {
            "chat": chat,
            "from": {"id": chat["id"], "is_bot": False, "first_name": "User"},
            "date": int(datetime(2025, 7, 14, tzinfo=UTC).timestamp()),
            "old_chat_member": {"status": old, "user": bot_user},
            "new_chat_member": (
                {"status": new, "user": bot_user, "until_date": 0}
                if new == "kicked"
                else {"status": new, "user": bot_user}
            ),
        },
    }


async def test_group_member_who_is_not_admin_cannot_subscribe(bot: Bot, sessions) -> None:
    bot.api.set_chat(GROUP, "group", admins=[ADMIN], title="Emploi NC")
    (sent,) = await bot.say(
        "/abonner informatique", chat_id=GROUP, user_id=MEMBER, chat_type="group"
    )
    assert "seuls les administrateurs" in sent.text
    assert await _count(sessions, SubscriptionRow) == 0
    (sent,) = await bot.say(
        "/abonner informatique", chat_id=GROUP, user_id=ADMIN, chat_type="group"
    )
    assert "Abonnement n°" in sent.text
    assert await _count(sessions, SubscriptionRow) == 1


async def test_group_member_cannot_press_the_admins_buttons(bot: Bot, sessions) -> None:
    bot.api.set_chat(GROUP, "supergroup", admins=[ADMIN])
    await bot.say("/abonner informatique", chat_id=GROUP, user_id=ADMIN, chat_type="supergroup")
    (listing,) = await bot.say(
        "/abonnements", chat_id=GROUP, user_id=MEMBER, chat_type="supergroup"
    )
    delete = next(d for d in button_data(listing) if d.startswith("sub:del:"))
    await bot.press(listing, delete, user_id=MEMBER)
    assert await _count(sessions, SubscriptionRow) == 1
    answer = bot.api.calls_to("answerCallbackQuery")[-1]
    assert "administrateurs" in answer.params["text"]
    await bot.press(listing, delete, user_id=ADMIN)
    assert await _count(sessions, SubscriptionRow) == 0


async def test_group_settings_are_for_admins_only(bot: Bot) -> None:
    bot.api.set_chat(GROUP, "group", admins=[ADMIN])
    (refused,) = await bot.say("/reglages", chat_id=GROUP, user_id=MEMBER, chat_type="group")
    assert "administrateurs" in refused.text
    (shown,) = await bot.say("/reglages", chat_id=GROUP, user_id=ADMIN, chat_type="group")
    assert "set:pau:1" in button_data(shown)


async def test_blocking_the_bot_deactivates_and_start_reactivates(bot: Bot, sessions) -> None:
    await bot.say("/start", chat_id=500)
    chat = {"id": 500, "type": "private", "first_name": "User"}
    await bot.process(_membership(chat, "member", "kicked", bot.api.bot_user))
    assert not (await _chat(sessions, 500)).active
    (greeting,) = await bot.say("/start", chat_id=500)
    assert "Bonjour" in greeting.text
    assert (await _chat(sessions, 500)).active


async def test_forbidden_on_send_deactivates_the_chat(bot: Bot, sessions) -> None:
    await bot.say("/start", chat_id=600)
    bot.api.block(600)
    assert await bot.say("/aide", chat_id=600) == []
    assert not (await _chat(sessions, 600)).active
    bot.api.block(600, blocked=False)
    await bot.say("/start", chat_id=600)
    assert (await _chat(sessions, 600)).active


async def test_settings_buttons_store_choices(bot: Bot, sessions) -> None:
    (shown,) = await bot.say("/settings")
    await bot.press(shown, "set:rem:3.1")
    await bot.press_raw(100, shown.message_id, "set:dig:18")
    await bot.press_raw(100, shown.message_id, "set:qui:21.7")
    await bot.press_raw(100, shown.message_id, "set:pau:1")
    chat = await _chat(sessions, 100)
    assert chat.reminder_days == [3, 1]
    assert chat.digest_hour == 18
    assert (chat.quiet_start, chat.quiet_end) == (21 * 60, 7 * 60)
    assert chat.paused
    assert "résumé par jour à 18 h" in bot.current(shown)["text"]


async def test_forged_setting_value_is_refused(bot: Bot, sessions) -> None:
    await bot.say("/reglages")
    await bot.press_raw(100, 1, "set:rem:99")
    assert (await _chat(sessions, 100)).reminder_days == [7, 1]


async def test_stop_deletes_everything_after_confirmation(bot: Bot, sessions, clock) -> None:
    (offer_id,) = await seed(sessions, clock, make_offer(1))
    await bot.say("/abonner informatique")
    await bot.press_raw(100, 1, f"fol:{offer_id}")
    (question,) = await bot.say("/stop")
    await bot.press(question, "stop:no")
    assert await _chat(sessions, 100) is not None
    (question,) = await bot.say("/stop")
    await bot.press(question, "stop:yes")
    assert "effacées" in bot.current(question)["text"]
    assert await _chat(sessions, 100) is None
    assert await _count(sessions, SubscriptionRow) == 0
    assert await _count(sessions, FollowRow) == 0


async def test_unknown_command_and_free_text_get_help(bot: Bot) -> None:
    (unknown,) = await bot.say("/bidule")
    assert "Je ne connais pas cette commande" in unknown.text
    (free,) = await bot.say("bonjour 👋 <3 & co")
    assert "/offres" in free.text


async def test_group_chatter_is_not_answered(bot: Bot) -> None:
    assert await bot.say("bonjour à tous", chat_id=GROUP, user_id=MEMBER, chat_type="group") == []
    assert await bot.say("/autre@other_bot", chat_id=GROUP, user_id=MEMBER, chat_type="group") == []


async def test_edited_command_is_answered_like_a_new_one(bot: Bot, sessions, clock) -> None:
    await seed(sessions, clock, make_offer(1))
    update = bot.api.message_update(100, 100, "/offres attaché")
    update["edited_message"] = {**update.pop("message"), "edit_date": 1}
    (sent,) = await bot.process(update)
    assert "Chargé de mission n°1" in sent.text


async def test_handler_error_is_logged_and_the_user_told(bot: Bot, caplog, monkeypatch) -> None:
    from postes.conversation import actions

    async def broken(**_: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "deadlines_reply", broken)
    (sent,) = await bot.say("/echeances")
    assert "quelque chose s'est mal passé" in sent.text
    assert any(r.exc_info and "boom" in str(r.exc_info[1]) for r in caplog.records)


async def test_group_upgraded_to_a_supergroup_keeps_its_subscriptions(bot: Bot, sessions) -> None:
    bot.api.set_chat(GROUP, "group", admins=[ADMIN], title="Emploi NC")
    await bot.say("/abonner informatique", chat_id=GROUP, user_id=ADMIN, chat_type="group")
    supergroup = -1004001
    before = await _chat(sessions, GROUP)
    assert before is not None

    for update in bot.api.upgrade_group(GROUP, supergroup):
        await bot.process(update)  # both service messages: the second finds it moved

    after = await _chat(sessions, supergroup)
    assert after is not None
    assert after.id == before.id
    assert await _chat(sessions, GROUP) is None
    (sent,) = await bot.say(
        "/abonnements", chat_id=supergroup, user_id=ADMIN, chat_type="supergroup"
    )
    assert "informatique" in sent.text
