"""Chats the fake server knows: their kind, admins, block state and stored messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.botapi.errors import bad_request
from tests.botapi.updates import chat_dict

CHAT_TYPES = ("private", "group", "supergroup", "channel")


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message as the bot sent it (later edits do not change this record)."""

    chat_id: int
    message_id: int
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    parse_mode: str | None = None
    document: dict[str, Any] | None = None


@dataclass(slots=True)
class ChatState:
    id: int
    type: str = "private"
    title: str | None = None
    username: str | None = None
    admins: list[int] = field(default_factory=list)
    blocked: bool = False
    migrated_to: int | None = None  # a group upgraded to this supergroup
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    last_message_id: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the Chat object embedded in messages and updates."""
        chat = chat_dict(self.id, self.type, self.title)
        if self.username:
            chat["username"] = self.username
        return chat

    def next_message_id(self) -> int:
        """Allocate a message id; ids grow per chat, shared by the bot and the users."""
        self.last_message_id += 1
        return self.last_message_id


def guess_type(chat_id: int) -> str:
    """Infer the chat kind from the id the way Telegram numbers them."""
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


class ChatRegistry:
    """Resolve `chat_id` parameters; unknown ids are created unless `strict` is on."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self._chats: dict[int, ChatState] = {}

    def ensure(self, chat_id: int, chat_type: str | None = None) -> ChatState:
        """Return the chat, registering it (as a test fixture would) when new."""
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = ChatState(chat_id, chat_type or guess_type(chat_id))
        elif chat_type is not None:
            chat.type = chat_type
        return chat

    def resolve(self, chat_id: int | str) -> ChatState:
        """Find the chat a call targets, or raise the server's "chat not found"."""
        if isinstance(chat_id, str):
            for chat in self._chats.values():
                if chat.username and f"@{chat.username}".lower() == chat_id.lower():
                    return chat
            raise bad_request("chat not found")
        if chat_id == 0 or (self.strict and chat_id not in self._chats):
            raise bad_request("chat not found")
        return self.ensure(chat_id)

    def get(self, chat_id: int) -> ChatState | None:
        """Return a known chat without creating it."""
        return self._chats.get(chat_id)
