"""One rate limiter for every message the bot sends: replies and outbox deliveries alike.

PTB's AIORateLimiter has no per-chat bucket, and Telegram enforces three limits: about 30
messages a second overall, one a second per chat, 20 a minute per group. Each request first
reserves its chat's next slot, then a slot of the overall budget: reserving in this order
means one busy chat waits alone instead of holding everyone's turn. Requests wait, they are
never dropped. A 429 despite all this pauses every send for `retry_after`, then the request
is tried again, a bounded number of times.

Slots alone are not enough: a task that wakes late (the event loop was busy writing to the
database) goes at once, together with the next ones, and the network bunches requests too
(new connections), so Telegram, which counts arrivals, could see more than the budget in
one second. So a send also waits until the send `overall_per_second` places before it has
*completed* for a second: that one arrived before it completed, this one arrives after it
starts, so no second ever holds more than the budget at Telegram's end.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from postes.counters import RATE_LIMITED

logger = logging.getLogger(__name__)

# Added to every interval: float sums of 1/30 s must not squeeze 31 messages into a second.
_MARGIN = 1e-4
# Past this many remembered chats, forget those whose next slot is already past.
_PRUNE_AT = 10_000


def retry_seconds(error: RetryAfter) -> float:
    """`retry_after` in seconds, whether PTB hands an int or a timedelta."""
    with warnings.catch_warnings():
        # PTB 22 warns that the int will become a timedelta; both are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _posts_message(endpoint: str) -> bool:
    # Telegram's limits are about messages posted; reads (getChatMember), callback answers and
    # edits are not counted per chat, and throttling them would slow every group command.
    return endpoint.startswith("send") or endpoint in ("copyMessage", "forwardMessage")


def _is_group(chat_id: str | int) -> bool:
    # Groups and channels have negative ids; "@channel" usernames are channels too.
    text = str(chat_id)
    return text.startswith(("-", "@"))


class ChatRateLimiter(BaseRateLimiter[None]):
    """Throttle per chat and overall; wait out 429s."""

    def __init__(
        self,
        *,
        overall_per_second: float = 30.0,
        chat_interval: float = 1.0,
        group_per_minute: float = 20.0,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._chat_interval = chat_interval + _MARGIN
        self._group_interval = max(chat_interval, 60.0 / group_per_minute) + _MARGIN
        self._max_retries = max_retries
        self._clock = clock
        self._sleep = sleep
        self._next_overall = 0.0
        self._paused_until = 0.0
        self._next_by_chat: dict[str | int, float] = {}
        self.overall_per_second = overall_per_second  # sets the step and the window size
        self._window: deque[asyncio.Future[float]] = deque()  # sends, in start order
        self.retries = 0  # 429s seen, for logs and benchmarks

    @property
    def overall_per_second(self) -> float:
        """The overall budget, which processes sharing a token may change at run time
        (`platforms.telegram.budget`)."""
        return self._overall

    @overall_per_second.setter
    def overall_per_second(self, value: float) -> None:
        # Read at every turn: slots already given keep their place, the next ones are spaced
        # by the new step, and the window rule counts the new budget at once (with more sends
        # remembered than that, it waits for the oldest ones, never fewer).
        if value <= 0:
            raise ValueError("overall_per_second must be positive")
        self._overall = float(value)
        self._step = 1.0 / value + _MARGIN
        self._per_second = max(int(value), 1)

    async def initialize(self) -> None:
        """Nothing to set up; PTB calls this from `Bot.initialize`."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def _wait_until(self, moment: float) -> None:
        delay = moment - self._clock()
        if delay > 0:
            await self._sleep(delay)

    async def _chat_turn(self, chat_id: str | int) -> None:
        now = self._clock()
        if len(self._next_by_chat) > _PRUNE_AT:
            self._next_by_chat = {k: v for k, v in self._next_by_chat.items() if v > now}
        interval = self._group_interval if _is_group(chat_id) else self._chat_interval
        slot = max(now, self._next_by_chat.get(chat_id, 0.0))
        self._next_by_chat[chat_id] = slot + interval
        await self._wait_until(slot)

    async def _overall_turn(self) -> None:
        while True:
            slot = max(self._clock(), self._next_overall, self._paused_until)
            self._next_overall = slot + self._step
            await self._wait_until(slot)
            if self._clock() >= self._paused_until:
                return  # else a 429 paused everything while we waited: queue again

    async def _window_turn(self) -> asyncio.Future[float]:
        """Wait until the send `overall_per_second` places back completed a second ago;
        the returned future is to be given this send's completion time."""
        window = self._window
        while len(window) >= self._per_second:
            oldest = window[0]
            if not oldest.done():
                await asyncio.wait([oldest])
            elif self._clock() < oldest.result() + 1.0 + _MARGIN:
                await self._wait_until(oldest.result() + 1.0 + _MARGIN)
            else:
                window.popleft()
        # No await since the last check: concurrent sends cannot both take the free place.
        entry: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        window.append(entry)
        return entry

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the chat's and the overall turn, call, and retry after a 429."""
        chat_id = data.get("chat_id")
        for attempt in range(self._max_retries + 1):
            entry = None
            if chat_id is not None and _posts_message(endpoint):
                await self._chat_turn(chat_id)
                await self._overall_turn()
                entry = await self._window_turn()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self.retries += 1
                RATE_LIMITED.labels(platform="telegram").inc()
                if attempt == self._max_retries:
                    raise
                delay = retry_seconds(error)
                logger.warning("%s to %s: flood control, waiting %.0f s", endpoint, chat_id, delay)
                self._paused_until = max(self._paused_until, self._clock() + delay)
                await self._wait_until(self._paused_until)
            finally:
                if entry is not None:
                    entry.set_result(self._clock())
        raise AssertionError("unreachable")  # the loop returns or raises
