"""The double rejects what the Bot API rejects and accepts what it accepts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.botapi.double import FakeBotApi
from tests.botapi.ratelimit import RateLimits
from tests.botapi.validation import UploadedFile, check_value

CHAT = 1001


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi(rate_limits=None)


def description(response: tuple[int, dict[str, Any]]) -> str:
    return response[1].get("description", "")


def send(api: FakeBotApi, text: str, **params: Any) -> tuple[int, dict[str, Any]]:
    return api.handle("sendMessage", {"chat_id": CHAT, "text": text, **params})


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


def test_unknown_method_is_404_not_found(api: FakeBotApi) -> None:
    assert api.handle("sendMesage", {}) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


def test_method_names_are_case_insensitive(api: FakeBotApi) -> None:
    assert api.handle("GETME", {})[0] == 200


def test_unknown_token_is_401_unauthorized(api: FakeBotApi) -> None:
    assert api.handle("getMe", {}, token="42:nope") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )


def test_missing_text_is_rejected(api: FakeBotApi) -> None:
    assert api.handle("sendMessage", {"chat_id": CHAT}) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"},
    )


def test_missing_required_parameter_is_named(api: FakeBotApi) -> None:
    status, body = api.handle("getChatMember", {"chat_id": CHAT})
    assert status == 400
    assert body["description"] == 'Bad Request: parameter "user_id" is required'


def test_wire_strings_are_parsed_by_declared_type(api: FakeBotApi) -> None:
    # PTB's form encoding sends every value as text; the server parses it per the spec.
    status, body = api.handle("sendMessage", {"chat_id": str(CHAT), "text": "x"})
    assert status == 200
    assert body["result"]["chat"]["id"] == CHAT


def test_non_numeric_integer_parameter_is_rejected(api: FakeBotApi) -> None:
    status, body = api.handle("deleteMessage", {"chat_id": CHAT, "message_id": "first"})
    assert status == 400
    assert 'invalid parameter "message_id"' in body["description"]


def test_boolean_parameter_rejects_other_words(api: FakeBotApi) -> None:
    assert send(api, "x", disable_notification="yes")[0] == 400


def test_reply_markup_must_be_json(api: FakeBotApi) -> None:
    status, body = send(api, "x", reply_markup="{not json")
    assert status == 400
    assert body["description"].startswith(
        "Bad Request: can't parse reply keyboard markup JSON object"
    )


def test_nested_object_fields_are_type_checked(api: FakeBotApi) -> None:
    status, body = send(api, "x", reply_markup=keyboard({"text": "a", "callback_data": 7}))
    assert status == 400
    assert "callback_data" in body["description"]


def test_union_subtype_is_chosen_by_discriminator(api: FakeBotApi) -> None:
    commands = [{"command": "start", "description": "Démarrer"}]
    scope = {"type": "chat", "chat_id": CHAT}
    assert api.handle("setMyCommands", {"commands": commands, "scope": scope})[0] == 200
    status, _ = api.handle("setMyCommands", {"commands": commands, "scope": {"type": "chat"}})
    assert status == 400


def test_4096_characters_pass_and_4097_fail(api: FakeBotApi) -> None:
    assert send(api, "é" * 4096)[0] == 200
    assert send(api, "é" * 4097) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"},
    )


def test_length_is_counted_after_entity_parsing(api: FakeBotApi) -> None:
    assert send(api, f"<b>{'x' * 4096}</b>", parse_mode="HTML")[0] == 200


def test_whitespace_only_text_is_empty(api: FakeBotApi) -> None:
    assert description(send(api, " \n ")) == "Bad Request: message text is empty"


def test_65_byte_callback_data_is_rejected(api: FakeBotApi) -> None:
    assert send(api, "x", reply_markup=keyboard({"text": "a", "callback_data": "é" * 32}))[0] == 200
    status, body = send(api, "x", reply_markup=keyboard({"text": "a", "callback_data": "x" * 65}))
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")


def test_inline_button_needs_exactly_one_action(api: FakeBotApi) -> None:
    assert send(api, "x", reply_markup=keyboard({"text": "a"}))[0] == 400
    both = {"text": "a", "callback_data": "d", "url": "https://example.nc"}
    assert send(api, "x", reply_markup=keyboard(both))[0] == 400


def test_blocked_chat_gets_403(api: FakeBotApi) -> None:
    api.block(CHAT)
    assert send(api, "x") == (
        403,
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    )
    assert api.sent_messages() == []


def test_strict_chats_reject_unknown_chat() -> None:
    api = FakeBotApi(rate_limits=None, strict_chats=True)
    assert description(send(api, "x")) == "Bad Request: chat not found"
    api.set_chat(CHAT)
    assert send(api, "x")[0] == 200


def test_per_chat_flood_gets_429_with_retry_after() -> None:
    clock = FakeClock()
    api = FakeBotApi(rate_limits=RateLimits.strict(), clock=clock)
    assert send(api, "un")[0] == 200
    assert send(api, "deux") == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
    )
    clock.now += 1
    assert send(api, "deux")[0] == 200
    assert api.rejected_429 == 1


def test_private_chat_allows_a_short_burst_by_default() -> None:
    api = FakeBotApi(clock=FakeClock())
    assert [send(api, str(i))[0] for i in range(4)] == [200, 200, 200, 429]


def test_global_limit_is_30_messages_per_second() -> None:
    clock = FakeClock()
    api = FakeBotApi(clock=clock)
    statuses = [api.handle("sendMessage", {"chat_id": c, "text": "x"})[0] for c in range(1, 32)]
    assert statuses.count(200) == 30
    assert statuses[-1] == 429
    assert api.max_rate_observed() == 30


def test_group_limit_is_20_messages_per_minute() -> None:
    clock = FakeClock()
    api = FakeBotApi(clock=clock)
    api.set_chat(-500, "group")
    for _ in range(20):
        assert api.handle("sendMessage", {"chat_id": -500, "text": "x"})[0] == 200
        clock.now += 0.1
    status, body = api.handle("sendMessage", {"chat_id": -500, "text": "x"})
    assert status == 429
    assert body["parameters"]["retry_after"] >= 1


def test_editing_with_identical_content_is_not_modified(api: FakeBotApi) -> None:
    markup = keyboard({"text": "a", "callback_data": "d"})
    message_id = send(api, "<b>x</b>", parse_mode="HTML", reply_markup=markup)[1]["result"][
        "message_id"
    ]
    same = {"chat_id": CHAT, "message_id": message_id, "reply_markup": markup}
    status, body = api.handle("editMessageText", {**same, "text": "<b>x</b>", "parse_mode": "HTML"})
    assert status == 400
    assert body["description"].startswith("Bad Request: message is not modified")
    assert api.handle("editMessageReplyMarkup", same)[0] == 400
    assert api.handle("editMessageText", {**same, "text": "x"})[0] == 200  # entities differ


def test_editing_text_without_markup_drops_the_keyboard(api: FakeBotApi) -> None:
    result = send(api, "x", reply_markup=keyboard({"text": "a", "callback_data": "d"}))[1]
    edit = {"chat_id": CHAT, "message_id": result["result"]["message_id"], "text": "y"}
    assert api.handle("editMessageText", edit)[0] == 200
    assert "reply_markup" not in api.message(CHAT, edit["message_id"])


def test_editing_a_missing_message_is_rejected(api: FakeBotApi) -> None:
    edit = {"chat_id": CHAT, "message_id": 99, "text": "y"}
    assert description(api.handle("editMessageText", edit)) == (
        "Bad Request: message to edit not found"
    )


def test_callback_query_can_be_answered_once(api: FakeBotApi) -> None:
    unknown = api.handle("answerCallbackQuery", {"callback_query_id": "nope"})
    assert unknown[0] == 400
    message_id = send(api, "x")[1]["result"]["message_id"]
    query = api.callback_update(CHAT, CHAT, message_id, "d")["callback_query"]
    assert api.handle("answerCallbackQuery", {"callback_query_id": query["id"]})[0] == 200
    assert api.handle("answerCallbackQuery", {"callback_query_id": query["id"]})[0] == 400


def test_scripted_failure_applies_once(api: FakeBotApi) -> None:
    api.fail_next("sendMessage", 502, "Bad Gateway")
    assert send(api, "x") == (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
    assert send(api, "x")[0] == 200


def test_get_updates_confirms_below_offset(api: FakeBotApi) -> None:
    ids = [api.push_update(api.message_update(CHAT, CHAT, t))["update_id"] for t in "abc"]
    assert [u["update_id"] for u in api.handle("getUpdates", {})[1]["result"]] == ids
    remaining = api.handle("getUpdates", {"offset": ids[1]})[1]["result"]
    assert [u["update_id"] for u in remaining] == ids[1:]
    assert [u["update_id"] for u in api.handle("getUpdates", {"offset": -1})[1]["result"]] == [
        ids[2]
    ]


def test_commands_get_bot_command_entities(api: FakeBotApi) -> None:
    update = api.message_update(CHAT, CHAT, "/abonner infirmier")
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 8}]


def test_chat_members_follow_declared_admins(api: FakeBotApi) -> None:
    api.set_chat(-100123, "supergroup", admins=[7, 8])
    member = api.handle("getChatMember", {"chat_id": -100123, "user_id": 8})[1]["result"]
    assert member["status"] == "administrator"
    admins = api.handle("getChatAdministrators", {"chat_id": -100123})[1]["result"]
    assert [a["status"] for a in admins] == ["creator", "administrator"]


def test_invalid_command_name_is_rejected(api: FakeBotApi) -> None:
    commands = [{"command": "Start", "description": "x"}]
    assert api.handle("setMyCommands", {"commands": commands})[0] == 400


def test_send_document_accepts_an_upload(api: FakeBotApi) -> None:
    upload = UploadedFile("offres.csv", b"a;b\n", "text/csv")
    status, body = api.handle("sendDocument", {"chat_id": CHAT, "document": upload})
    assert status == 200
    assert body["result"]["document"]["file_name"] == "offres.csv"


def test_send_document_refuses_an_empty_file(api: FakeBotApi) -> None:
    upload = UploadedFile("vide.ics", b"", "text/calendar")
    status, body = api.handle("sendDocument", {"chat_id": CHAT, "document": upload})
    assert (status, body["description"]) == (400, "Bad Request: file must be non-empty")


def test_sent_message_is_a_valid_message_object(api: FakeBotApi) -> None:
    result = send(api, "<i>x</i>", parse_mode="HTML")[1]["result"]
    check_value(api.spec, "Message", result)
    assert api.sent_messages(CHAT)[0].entities == [{"type": "italic", "offset": 0, "length": 1}]


async def test_a_second_long_poll_while_one_waits_is_a_conflict() -> None:
    api = FakeBotApi()
    waiting = asyncio.create_task(api.handle_async("getUpdates", {"timeout": 1}))
    await asyncio.sleep(0.05)

    status, body = await api.handle_async("getUpdates", {"timeout": 1})

    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")
    assert (await waiting)[0] == 200
    assert (await api.handle_async("getUpdates", {"timeout": 0}))[0] == 200


def test_upgraded_group_answers_with_its_new_id_like_telegram(api: FakeBotApi) -> None:
    old_note, new_note = (u["message"] for u in api.upgrade_group(-4001, -1004001))

    assert api.handle("sendMessage", {"chat_id": -4001, "text": "x"}) == (
        400,
        {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: group chat was upgraded to a supergroup chat",
            "parameters": {"migrate_to_chat_id": -1004001},
        },
    )
    assert api.handle("sendMessage", {"chat_id": -1004001, "text": "x"})[0] == 200
    assert (old_note["chat"]["id"], old_note["migrate_to_chat_id"]) == (-4001, -1004001)
    assert (new_note["chat"]["type"], new_note["migrate_from_chat_id"]) == ("supergroup", -4001)
