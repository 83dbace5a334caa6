"""Bot-level methods: identity, updates and webhook, commands, chat info, log out."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tests.botapi.chats import ChatState
from tests.botapi.errors import ApiError, bad_request
from tests.botapi.registry import handles
from tests.botapi.rules import check_commands
from tests.botapi.updates import user_dict

if TYPE_CHECKING:
    from tests.botapi.double import FakeBotApi


@handles("getMe")
def get_me(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    return api.bot_user


@handles("getUpdates")
def get_updates(api: FakeBotApi, p: dict[str, Any]) -> list[dict[str, Any]]:
    if api.webhook_url:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    return api.updates.take(p.get("offset"), min(max(p.get("limit", 100), 1), 100))


@handles("setWebhook")
def set_webhook(api: FakeBotApi, p: dict[str, Any]) -> bool:
    if p["url"] and not p["url"].startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if p.get("drop_pending_updates"):
        api.updates.drop()
    api.webhook_url = p["url"]
    return True


@handles("deleteWebhook")
def delete_webhook(api: FakeBotApi, p: dict[str, Any]) -> bool:
    if p.get("drop_pending_updates"):
        api.updates.drop()
    api.webhook_url = ""
    return True


@handles("getWebhookInfo")
def get_webhook_info(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    pending = api.updates.pending()
    return api.spec.skeleton("WebhookInfo", url=api.webhook_url, pending_update_count=pending)


def _scope_key(p: dict[str, Any]) -> str:
    scope = p.get("scope") or {"type": "default"}
    return json.dumps([scope, p.get("language_code", "")], sort_keys=True)


@handles("setMyCommands")
def set_my_commands(api: FakeBotApi, p: dict[str, Any]) -> bool:
    check_commands(p["commands"])
    api.commands[_scope_key(p)] = p["commands"]
    return True


@handles("deleteMyCommands")
def delete_my_commands(api: FakeBotApi, p: dict[str, Any]) -> bool:
    api.commands.pop(_scope_key(p), None)
    return True


@handles("getMyCommands")
def get_my_commands(api: FakeBotApi, p: dict[str, Any]) -> list[dict[str, Any]]:
    return api.commands.get(_scope_key(p), [])


@handles("getChat")
def get_chat(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    chat = api.chats.resolve(p["chat_id"])
    return api.spec.skeleton("ChatFullInfo", **chat.as_dict())


def _member(api: FakeBotApi, chat: ChatState, user_id: int) -> dict[str, Any]:
    user = api.bot_user if user_id == api.bot_user["id"] else user_dict(user_id)
    if chat.admins and user_id == chat.admins[0]:
        return api.spec.skeleton("ChatMemberOwner", user=user, is_anonymous=False)
    if user_id in chat.admins:
        return api.spec.skeleton("ChatMemberAdministrator", user=user, can_manage_chat=True)
    return api.spec.skeleton("ChatMemberMember", user=user)


@handles("getChatMember")
def get_chat_member(api: FakeBotApi, p: dict[str, Any]) -> dict[str, Any]:
    return _member(api, api.chats.resolve(p["chat_id"]), p["user_id"])


@handles("getChatAdministrators")
def get_chat_administrators(api: FakeBotApi, p: dict[str, Any]) -> list[dict[str, Any]]:
    chat = api.chats.resolve(p["chat_id"])
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    return [_member(api, chat, user_id) for user_id in chat.admins]


@handles("logOut")
@handles("close")
def log_out(api: FakeBotApi, p: dict[str, Any]) -> bool:
    return True
