"""`FakeBotApi`: an in-memory Bot API server that rejects what Telegram rejects.

Pure logic with no transport: `handle(method, params)` returns the HTTP status and JSON body
the real server would. `transport.py` plugs it under PTB (in process) or behind a local HTTP
server (for a bot running in another process).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tests.botapi import bot_methods, message_methods
from tests.botapi.chats import ChatRegistry, ChatState, SentMessage
from tests.botapi.errors import ApiError, scripted
from tests.botapi.ratelimit import RateLimiter, RateLimits
from tests.botapi.registry import HANDLERS
from tests.botapi.spec import ApiSpec, MethodSpec, load_spec
from tests.botapi.updates import (
    UpdateQueue,
    callback_query,
    migration_message,
    text_message,
    user_dict,
)
from tests.botapi.validation import validate_params

DEFAULT_TOKEN = "123456789:AAFakeTokenForPostesTests0123456789"
Response = tuple[int, dict[str, Any]]
_IMPLEMENTATIONS = (bot_methods, message_methods)  # imported to register their handlers


@dataclass(frozen=True, slots=True)
class Call:
    """An accepted call, with its parameters decoded to Python values."""

    method: str
    params: dict[str, Any]
    at: float


class FakeBotApi:
    """Validate Bot API calls against the spec and Telegram's rules; keep chat state."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "postes_test_bot",
        spec: ApiSpec | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rate_limits: RateLimits | None = RateLimits(),  # noqa: B008 - frozen, shared safely
        strict_chats: bool = False,
        strict_ampersand: bool = True,
        max_poll_wait: float | None = None,
    ) -> None:
        self.token = token
        self.spec = spec or load_spec()
        self.clock = clock
        self.wall_clock = wall_clock
        self.strict_ampersand = strict_ampersand
        self.max_poll_wait = max_poll_wait
        self._long_polls = 0  # getUpdates waiting now: a second one is a Conflict
        self.bot_user = self.spec.skeleton(
            "User",
            **user_dict(int(token.split(":", 1)[0]), is_bot=True),
            username=bot_username,
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=False,
        )
        self.bot_user["first_name"] = "Postes (test)"
        self.bot_user.pop("language_code", None)
        self.chats = ChatRegistry(strict=strict_chats)
        self.updates = UpdateQueue()
        self.limiter = RateLimiter(rate_limits, clock) if rate_limits else None
        self.calls: list[Call] = []
        self.rejected: list[tuple[str, ApiError]] = []
        self.rejected_429 = 0
        self.webhook_url = ""
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.open_callback_queries: dict[str, dict[str, Any]] = {}
        self._sent: list[SentMessage] = []
        self._failures: dict[str, deque[ApiError]] = defaultdict(deque)
        # Called under the lock after each accepted call, e.g. to journal deliveries to a file.
        self.on_accept: list[Callable[[Call, Any], None]] = []
        # Called under the lock after each refused call (a 429 journaled by `serve`).
        self.on_reject: list[Callable[[str, ApiError], None]] = []
        # One lock for all state: the HTTP transport calls in from several threads.
        self.lock = threading.RLock()

    # ---- the server side -------------------------------------------------------------------

    def handle(self, method: str, params: dict[str, Any], *, token: str | None = None) -> Response:
        """Answer one call without waiting (getUpdates returns what is queued now)."""
        try:
            spec, decoded = self._prepare(method, params, token)
            return self._execute(spec, decoded)
        except ApiError as err:
            return self._reject(method, err)

    async def handle_async(
        self, method: str, params: dict[str, Any], *, token: str | None = None
    ) -> Response:
        """Answer one call; a getUpdates long poll waits without blocking the event loop."""
        try:
            spec, decoded = self._prepare(method, params, token)
            if timeout := self._poll_timeout(spec, decoded):
                with self._one_poller():
                    await self.updates.wait_async(decoded.get("offset"), timeout)
            return self._execute(spec, decoded)
        except ApiError as err:
            return self._reject(method, err)

    def handle_blocking(
        self, method: str, params: dict[str, Any], *, token: str | None = None
    ) -> Response:
        """Answer one call from a server thread; a getUpdates long poll blocks the thread."""
        try:
            spec, decoded = self._prepare(method, params, token)
            if timeout := self._poll_timeout(spec, decoded):
                with self._one_poller():
                    self.updates.wait(decoded.get("offset"), timeout)
            return self._execute(spec, decoded)
        except ApiError as err:
            return self._reject(method, err)

    def _prepare(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[MethodSpec, dict[str, Any]]:
        if token is not None and token != self.token:
            raise ApiError(401, "Unauthorized")
        spec = self.spec.method(method)
        if spec is None:
            raise ApiError(404, "Not Found")
        with self.lock:
            return spec, validate_params(self.spec, spec, params)

    @contextlib.contextmanager
    def _one_poller(self) -> Iterator[None]:
        """Telegram refuses a long poll while another one of the same bot is waiting."""
        with self.lock:
            if self._long_polls:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only"
                    " one bot instance is running",
                )
            self._long_polls += 1
        try:
            yield
        finally:
            with self.lock:
                self._long_polls -= 1

    def _poll_timeout(self, spec: MethodSpec, decoded: dict[str, Any]) -> float:
        if spec.name != "getUpdates" or self.webhook_url:
            return 0.0
        timeout = float(max(0, decoded.get("timeout", 0)))
        return min(timeout, self.max_poll_wait) if self.max_poll_wait is not None else timeout

    def _execute(self, spec: MethodSpec, decoded: dict[str, Any]) -> Response:
        handler = HANDLERS.get(spec.name)
        if handler is None:
            raise ApiError(400, f"Bad Request: FakeBotApi does not implement {spec.name}")
        with self.lock:
            failures = self._failures[spec.name.lower()]
            if failures:
                raise failures.popleft()
            result = handler(self, decoded)
            call = Call(spec.name, decoded, self.clock())
            self.calls.append(call)
            for listener in self.on_accept:
                listener(call, result)
            return 200, {"ok": True, "result": result}

    def _reject(self, method: str, err: ApiError) -> Response:
        with self.lock:
            self.rejected.append((method, err))
            self.rejected_429 += err.status == 429
            for listener in self.on_reject:
                listener(method, err)
        return err.response()

    # ---- state used by the method handlers --------------------------------------------------

    def record_sent(self, message: SentMessage) -> None:
        """Remember a delivered message for `sent_messages`."""
        self._sent.append(message)

    def new_message(self, chat: ChatState, **content: Any) -> dict[str, Any]:
        """Store and return a Message sent by the bot into `chat`."""
        markup = content.get("reply_markup")
        if markup and "inline_keyboard" not in markup:
            # Telegram echoes only inline keyboards in Message.reply_markup; a ForceReply or
            # reply keyboard sent with the message is not part of the returned object.
            content = {**content, "reply_markup": None}
        message = {
            "message_id": chat.next_message_id(),
            "from": self.bot_user,
            "chat": chat.as_dict(),
            "date": int(self.wall_clock()),
            **{key: value for key, value in content.items() if value},
        }
        chat.messages[message["message_id"]] = message
        return message

    # ---- the test side ---------------------------------------------------------------------

    def sent_messages(self, chat_id: int | None = None) -> list[SentMessage]:
        """Return the messages the bot sent, oldest first, optionally for one chat."""
        with self.lock:
            return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """Return a message as it is now (after edits), or None once deleted."""
        with self.lock:
            chat = self.chats.get(chat_id)
            return chat.messages.get(message_id) if chat else None

    def calls_to(self, method: str) -> list[Call]:
        """Return the accepted calls of one method."""
        with self.lock:
            return [c for c in self.calls if c.method.lower() == method.lower()]

    def set_chat(
        self,
        chat_id: int,
        type: str = "private",  # named like the Bot API field
        *,
        admins: list[int] | None = None,
        title: str | None = None,
        username: str | None = None,
    ) -> ChatState:
        """Declare a chat; the first admin is the owner."""
        with self.lock:
            chat = self.chats.ensure(chat_id, type)
            chat.admins = list(admins or [])
            chat.title, chat.username = title, username
            return chat

    def block(self, chat_id: int, blocked: bool = True) -> None:
        """Make the user of `chat_id` block the bot: sends get 403 from now on."""
        with self.lock:
            self.chats.ensure(chat_id).blocked = blocked

    def upgrade_group(self, group_id: int, supergroup_id: int) -> list[dict[str, Any]]:
        """Upgrade a group to a supergroup, as a group admin would.

        From now on calls aimed at the group get 400 with `migrate_to_chat_id`; the two
        service-message updates Telegram sends (in the old chat, then in the new) are
        returned, built but not queued.
        """
        with self.lock:
            old = self.chats.ensure(group_id, "group")
            new = self.chats.ensure(supergroup_id, "supergroup")
            new.title, new.admins, old.migrated_to = old.title, list(old.admins), supergroup_id
            owner = old.admins[0] if old.admins else 1
            date = int(self.wall_clock())
            notes = [
                migration_message(old, owner, date, migrate_to_chat_id=supergroup_id),
                migration_message(new, owner, date, migrate_from_chat_id=group_id),
            ]
            return [{"update_id": self.updates.allocate_id(), "message": m} for m in notes]

    def fail_next(
        self, method: str, status: int, description: str = "", retry_after: int | None = None
    ) -> None:
        """Make the next valid call of `method` fail with this error (queued, one per call)."""
        with self.lock:
            self._failures[method.lower()].append(scripted(status, description, retry_after))

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates, numbering it if needed; return it."""
        return self.updates.push(update)

    def message_update(
        self, chat_id: int, user_id: int, text: str, chat_type: str = "private"
    ) -> dict[str, Any]:
        """Build (not queue) an update for a user's text message, with bot_command entities."""
        with self.lock:
            chat = self.chats.ensure(chat_id, chat_type)
            message = text_message(chat, user_id, text, int(self.wall_clock()))
            chat.messages[message["message_id"]] = message
            return {"update_id": self.updates.allocate_id(), "message": message}

    def callback_update(
        self, chat_id: int, user_id: int, message_id: int, data: str
    ) -> dict[str, Any]:
        """Build (not queue) a button press on a message; answerCallbackQuery may answer it."""
        with self.lock:
            query = callback_query(self.chats.ensure(chat_id), user_id, message_id, data)
            self.open_callback_queries[query["id"]] = query
            return {"update_id": self.updates.allocate_id(), "callback_query": query}

    def max_rate_observed(self, window: float = 1.0, chat_id: int | None = None) -> int:
        """Return the most messages accepted in any `window` seconds (0 without rate limits)."""
        with self.lock:
            return self.limiter.max_rate(window, chat_id) if self.limiter else 0

    def close(self) -> None:
        """Release pending long polls."""
        self.updates.close()
