"""Message methods: send, edit, delete, and answering button presses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.botapi import rules
from tests.botapi.chats import ChatState, SentMessage
from tests.botapi.errors import ApiError, bad_request, chat_upgraded, too_many_requests
from tests.botapi.registry import handles

if TYPE_CHECKING:
    from tests.botapi.double import FakeBotApi

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _deliverable(api: FakeBotApi, chat_id: int | str) -> ChatState:
    """Resolve the target chat and apply flood control and blocks, in the server's order."""
    chat = api.chats.resolve(chat_id)
    if chat.migrated_to is not None:
        raise chat_upgraded(chat.migrated_to)
    if api.limiter is not None:
        retry_after = api.limiter.admit(chat.id, chat.type)
        if retry_after is not None:
            raise too_many_requests(retry_after)
    if chat.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat


def _parsed(api: FakeBotApi, p: dict[str, Any], key: str, entities_key: str) -> tuple[str, list]:
    return rules.parse_text(
        p.get(key, ""),
        p.get("parse_mode"),
        p.get(entities_key),
        strict_ampersand=api.strict_ampersand,
    )


@handles("sendMessage")
def send_message(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    text, entities = _parsed(api, p, "text", "entities")
    rules.check_length(text)
    rules.check_reply_markup(p.get("reply_markup"))
    chat = _deliverable(api, p["chat_id"])
    message = api.new_message(
        chat, text=text, entities=entities, reply_markup=p.get("reply_markup")
    )
    api.record_sent(
        SentMessage(
            chat.id,
            message["message_id"],
            text,
            entities,
            p.get("reply_markup"),
            p.get("parse_mode"),
        )
    )
    return message


@handles("sendDocument")
def send_document(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    caption, entities = _parsed(api, p, "caption", "caption_entities")
    rules.check_length(caption, caption=True)
    rules.check_reply_markup(p.get("reply_markup"))
    chat = _deliverable(api, p["chat_id"])
    upload = p["document"]
    document = {"file_id": f"doc-{len(api.calls)}", "file_unique_id": f"u{len(api.calls)}"}
    if isinstance(upload, str):
        document["file_id"] = upload
    elif not upload.content:
        raise bad_request("file must be non-empty")
    else:
        document |= {
            "file_name": upload.filename,
            "mime_type": upload.mimetype,
            "file_size": len(upload.content),
        }
    message = api.new_message(
        chat,
        document=document,
        caption=caption,
        caption_entities=entities,
        reply_markup=p.get("reply_markup"),
    )
    api.record_sent(
        SentMessage(
            chat.id,
            message["message_id"],
            caption,
            entities,
            p.get("reply_markup"),
            p.get("parse_mode"),
            document,
        )
    )
    return message


def _message_to_edit(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    if "inline_message_id" in p:
        raise bad_request("MESSAGE_ID_INVALID")
    if "chat_id" not in p:
        raise bad_request("chat_id is empty")
    if "message_id" not in p:
        raise bad_request("message identifier is not specified")
    chat = api.chats.resolve(p["chat_id"])
    message = chat.messages.get(p["message_id"])
    if message is None:
        raise bad_request("message to edit not found")
    if message.get("from", {}).get("id") != api.bot_user["id"]:
        raise bad_request("message can't be edited")
    return message


def _apply_edit(api: FakeBotApi, message: dict[str, Any], **changes: Any) -> dict[str, Any]:
    # Fields left out of an edit are cleared (an edit without reply_markup drops the keyboard).
    if all(message.get(key) == (value or None) for key, value in changes.items()):
        raise bad_request(NOT_MODIFIED)
    for key, value in changes.items():
        if value:
            message[key] = value
        else:
            message.pop(key, None)
    message["edit_date"] = int(api.wall_clock())
    return message


@handles("editMessageText")
def edit_message_text(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    if "text" not in p:
        raise bad_request("text is empty")
    text, entities = _parsed(api, p, "text", "entities")
    rules.check_length(text)
    rules.check_reply_markup(p.get("reply_markup"))
    message = _message_to_edit(api, p)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    return _apply_edit(
        api, message, text=text, entities=entities, reply_markup=p.get("reply_markup")
    )


@handles("editMessageReplyMarkup")
def edit_message_reply_markup(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    rules.check_reply_markup(p.get("reply_markup"))
    message = _message_to_edit(api, p)
    return _apply_edit(api, message, reply_markup=p.get("reply_markup"))


@handles("answerCallbackQuery")
def answer_callback_query(api: FakeBotApi, p: dict[str, Any]) -> bool:
    # A query can be answered once; afterwards the server treats its id as unknown.
    if api.open_callback_queries.pop(p["callback_query_id"], None) is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(p.get("text", "")) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    return True


@handles("deleteMessage")
def delete_message(api: FakeBotApi, p: dict[str, Any]) -> bool:
    chat = api.chats.resolve(p["chat_id"])
    if chat.messages.pop(p["message_id"], None) is None:
        raise bad_request("message to delete not found")
    return True
