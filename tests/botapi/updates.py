"""Incoming updates: dict factories and the queue `getUpdates` long-polls."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.botapi.chats import ChatState

# Callback query ids only need to be unique, even across FakeBotApi instances.
_callback_ids = itertools.count(1)


def user_dict(user_id: int, *, is_bot: bool = False) -> dict[str, Any]:
    """Build a User object for a test user."""
    return {"id": user_id, "is_bot": is_bot, "first_name": f"User {user_id}", "language_code": "fr"}


def chat_dict(chat_id: int, chat_type: str = "private", title: str | None = None) -> dict[str, Any]:
    """Build a Chat object; private chats carry a first name, others a title."""
    if chat_type == "private":
        return {"id": chat_id, "type": chat_type, "first_name": f"User {chat_id}"}
    return {"id": chat_id, "type": chat_type, "title": title or f"Chat {chat_id}"}


def command_entities(text: str) -> list[dict[str, Any]]:
    """Mark a leading `/command[@bot]` the way clients do, so PTB's CommandHandler fires."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def text_message(chat: ChatState, user_id: int, text: str, date: int) -> dict[str, Any]:
    """Build a Message a user sends into `chat`, taking the chat's next message id."""
    message = {
        "message_id": chat.next_message_id(),
        "from": user_dict(user_id),
        "chat": chat.as_dict(),
        "date": date,
        "text": text,
    }
    if entities := command_entities(text):
        message["entities"] = entities
    return message


def migration_message(chat: ChatState, user_id: int, date: int, **field: int) -> dict[str, Any]:
    """The service message of a group upgrade: `migrate_to_chat_id` in the old chat,
    `migrate_from_chat_id` in the new one."""
    return {
        "message_id": chat.next_message_id(),
        "from": user_dict(user_id),
        "chat": chat.as_dict(),
        "date": date,
        **field,
    }


def callback_query(chat: ChatState, user_id: int, message_id: int, data: str) -> dict[str, Any]:
    """Build a CallbackQuery for a press on a button of message `message_id`."""
    message = chat.messages.get(message_id) or {
        "message_id": message_id,
        "chat": chat.as_dict(),
        "date": 0,  # an InaccessibleMessage: the bot cannot see it any more
    }
    return {
        "id": str(next(_callback_ids)),
        "from": user_dict(user_id),
        "message": message,
        "chat_instance": str(chat.id),
        "data": data,
    }


class UpdateQueue:
    """Pending updates with Bot API offset semantics; safe to use from several threads."""

    def __init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._next_id = 1
        self._changed = threading.Condition()
        self._closed = False

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue `update`, numbering it when it has no `update_id`; return it."""
        with self._changed:
            update = dict(update)
            update.setdefault("update_id", self._next_id)
            self._next_id = max(self._next_id, update["update_id"]) + 1
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def allocate_id(self) -> int:
        """Reserve an update_id for an update built now and maybe pushed later."""
        with self._changed:
            self._next_id += 1
            return self._next_id - 1

    def take(self, offset: int | None, limit: int = 100) -> list[dict[str, Any]]:
        """Confirm updates below `offset` and return up to `limit` of the rest."""
        with self._changed:
            if offset is not None and offset < 0:
                # A negative offset forgets everything but the last -offset updates.
                self._updates = self._updates[offset:]
            elif offset is not None and offset != 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            return [dict(u) for u in self._updates[:limit]]

    def pending(self) -> int:
        """Return the number of unconfirmed updates."""
        with self._changed:
            return len(self._updates)

    def drop(self) -> None:
        """Forget every pending update (deleteWebhook/setWebhook drop_pending_updates)."""
        with self._changed:
            self._updates.clear()

    def _ready(self, offset: int | None) -> bool:
        start = offset if offset and offset > 0 else 0
        return self._closed or any(u["update_id"] >= start for u in self._updates)

    def wait(self, offset: int | None, timeout: float) -> None:
        """Block a server thread until an update at or after `offset` exists, or timeout."""
        with self._changed:
            self._changed.wait_for(lambda: self._ready(offset), timeout=timeout)

    async def wait_async(self, offset: int | None, seconds: float) -> None:
        """Wait without blocking the event loop; cancelling the caller stops the wait."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._changed:
                if self._ready(offset):
                    return
            # Polling keeps this free of loop/thread hand-offs; updates come from either side.
            await asyncio.sleep(min(0.01, max(0.0, deadline - time.monotonic())))

    def close(self) -> None:
        """Wake every waiting long poll, for shutdown."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
