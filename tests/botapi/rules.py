"""Telegram's own semantic rules beyond the spec's types: text limits, keyboards, commands."""

from __future__ import annotations

import re
from typing import Any

from tests.botapi.errors import bad_request
from tests.botapi.markdown import parse_markdown_v2
from tests.botapi.markup import parse_error, parse_html

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_BYTES = 64
# Fields of InlineKeyboardButton that only decorate it; the rest are actions, exactly one needed.
_BUTTON_DECORATIONS = {"text", "icon_custom_emoji_id", "style"}
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def parse_text(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None,
    *,
    strict_ampersand: bool,
) -> tuple[str, list[dict[str, Any]]]:
    """Apply the parse mode and return the plain text and entities the message will carry."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text, strict_ampersand=strict_ampersand)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        # Legacy Markdown has no reserved characters; only unbalanced markers fail.
        for marker in "*_`":
            if text.count(marker) % 2:
                where = len(text[: text.rfind(marker)].encode("utf-8"))
                raise parse_error(f"Can't find end of the entity starting at byte offset {where}")
        return re.sub(r"[*_`]", "", text), []
    if mode:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    return text, list(entities or [])


def check_length(text: str, *, caption: bool = False) -> None:
    """Enforce the 1..4096 (captions 0..1024) characters counted after entity parsing."""
    if not caption and not text.strip():
        raise bad_request("message text is empty")
    if caption and len(text) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    if not caption and len(text) > MESSAGE_LIMIT:
        raise bad_request("message is too long")


def check_reply_markup(markup: dict[str, Any] | None) -> None:
    """Reject inline keyboards the server refuses: no action, several actions, bad data."""
    if not markup or "inline_keyboard" not in markup:
        return
    for row in markup["inline_keyboard"]:
        for button in row:
            actions = [name for name in button if name not in _BUTTON_DECORATIONS]
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            if len(actions) > 1:
                raise bad_request(
                    "can't parse inline keyboard button: "
                    f"exactly one of {', '.join(sorted(actions))} must be specified"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"(https?|tg)://", button["url"]):
                raise bad_request(f"inline keyboard button URL '{button['url']}' is invalid")
            if not button["text"]:
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")


def check_commands(commands: list[dict[str, Any]]) -> None:
    """Apply setMyCommands' limits on names and descriptions."""
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND.fullmatch(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("command description must be 1-256 characters long")
