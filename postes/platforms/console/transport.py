"""A Bot API stand-in for the terminal: answers locally and prints what would be sent."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram.request import BaseRequest, RequestData

from postes.platforms.console.render import ButtonBoard, html_to_console, html_to_plain

logger = logging.getLogger(__name__)

BOT_USER = {"id": 1, "is_bot": True, "first_name": "Postes", "username": "postes_console_bot"}
# Methods we accept and ignore: nothing the person at the terminal needs to see.
_SILENT = {"setMyCommands", "deleteMyCommands", "deleteWebhook", "close", "logOut"}


class ConsoleTransport(BaseRequest):
    """Print sendMessage / editMessageText / answerCallbackQuery; remember the messages."""

    def __init__(self, write: Callable[[str], None], now: Callable[[], datetime]) -> None:
        self.write = write
        self._now = now
        self.board = ButtonBoard()
        self.messages: dict[int, dict[str, Any]] = {}
        self.last_message_id = 0
        self.awaiting_reply_to: int | None = None  # a ForceReply prompt waits for an answer

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def next_message_id(self) -> int:
        """Allocate a message id, shared by the person and the bot as in one Telegram chat."""
        self.last_message_id += 1
        return self.last_message_id

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer the Bot API method named at the end of `url`."""
        name = url.rstrip("/").rsplit("/", 1)[-1]
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        result = self._answer(name, params, files)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _answer(self, name: str, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name == "sendMessage":
            return self._show(self._store(params, params["text"]), params.get("reply_markup"))
        if name == "editMessageText":
            message = self.messages[int(params["message_id"])]
            message.update(self._store(params, params["text"], message["message_id"]))
            self.write("✏️  (message modifié)")
            return self._show(message, params.get("reply_markup"))
        if name == "editMessageReplyMarkup":
            message = self.messages[int(params["message_id"])]
            markup = params.get("reply_markup") or {}
            message.pop("reply_markup", None)
            if "inline_keyboard" in markup:
                message["reply_markup"] = markup
            self.write("✏️  (boutons modifiés)")
            self.write("\n".join(self.board.number(message["message_id"], markup)) + "\n")
            return _public(message)
        if name == "sendDocument":
            filename, content, mime = next(iter(files.values()), ("document", b"", ""))
            caption = html_to_console(params.get("caption", ""))
            self.write(f"📎 {filename}" + (f" — {caption}" if caption else ""))
            if mime == "text/calendar":  # small and readable: show what the user would open
                self.write("\n".join(f"    {line}" for line in content.decode().splitlines()))
            self.write("")
            return {**self._store(params, ""), "document": {"file_id": "f", "file_unique_id": "f"}}
        if name == "answerCallbackQuery":
            if params.get("text"):
                self.write(f"💬 {params['text']}\n")
            return True
        if name == "getChatMember":
            user = {"id": params["user_id"], "is_bot": False, "first_name": "Vous"}
            return {"status": "creator", "user": user, "is_anonymous": False}
        if name not in _SILENT:
            logger.debug("console transport: %s answered with True", name)
        return True

    def _store(
        self, params: dict[str, Any], html_text: str, message_id: int | None = None
    ) -> dict[str, Any]:
        markup = params.get("reply_markup") or {}
        message: dict[str, Any] = {
            "message_id": message_id or self.next_message_id(),
            "date": int(self._now().timestamp()),
            "chat": {"id": int(params["chat_id"]), "type": "private", "first_name": "Vous"},
            "from": BOT_USER,
            "text": html_to_plain(html_text),
            "html": html_text,
        }
        if "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if markup.get("force_reply"):
            self.awaiting_reply_to = message["message_id"]
        self.messages[message["message_id"]] = message
        return message

    def _show(self, message: dict[str, Any], markup: dict[str, Any] | None) -> dict[str, Any]:
        lines = [html_to_console(message["html"])]
        lines += self.board.number(message["message_id"], markup)
        if markup and markup.get("force_reply"):
            lines.append("(répondez en tapant votre texte)")
        self.write("\n".join(lines) + "\n")
        return _public(message)


def _public(message: dict[str, Any]) -> dict[str, Any]:
    """A stored message as the Bot API returns it (without our rendering notes)."""
    return {key: value for key, value in message.items() if key != "html"}
