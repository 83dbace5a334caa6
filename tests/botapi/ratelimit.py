"""Flood control like the Bot API's: 30 messages/s overall, ~1/s per chat, 20/min per group.

Telegram documents these as averages and says it "may allow short bursts", so each limit is a
token bucket: `burst` messages may go at once, then the bucket refills at the average rate.
`RateLimits.strict()` sets the per-chat bursts to 1 for tests that want the documented rate
exactly.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class RateLimits:
    per_second: float = 30.0
    burst: int = 30
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: float = 20.0
    group_burst: int = 20

    @classmethod
    def strict(cls) -> RateLimits:
        """Return limits with no per-chat bursts: 1 message/s per private chat, 1 per 3 s per
        group; the overall 30/s budget may still be spent at once."""
        return replace(cls(), private_burst=1, group_burst=1)


@dataclass(slots=True)
class _Bucket:
    capacity: float
    rate: float
    tokens: float
    stamp: float

    def wait(self, now: float) -> float:
        """Refill to `now` and return how long until one token is available."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class RateLimiter:
    """Admit or refuse outgoing messages; remembers admissions for rate measurements."""

    def __init__(self, limits: RateLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self._clock = clock
        self._global = _Bucket(limits.burst, limits.per_second, limits.burst, clock())
        self._chats: dict[int, _Bucket] = {}
        self.sent_at: list[tuple[float, int]] = []

    def admit(self, chat_id: int, chat_type: str) -> int | None:
        """Take a token for `chat_id`; return None, or the retry_after seconds if refused."""
        now = self._clock()
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = self._new_chat_bucket(chat_type, now)
        wait = max(self._global.wait(now), chat.wait(now))
        if wait > 0:
            # Telegram always answers a whole number of seconds, at least 1.
            return max(1, math.ceil(wait))
        self._global.tokens -= 1
        chat.tokens -= 1
        self.sent_at.append((now, chat_id))
        return None

    def _new_chat_bucket(self, chat_type: str, now: float) -> _Bucket:
        if chat_type == "private":
            capacity, rate = self.limits.private_burst, self.limits.private_per_second
        else:
            capacity, rate = self.limits.group_burst, self.limits.group_per_minute / 60
        return _Bucket(capacity, rate, capacity, now)

    def max_rate(self, window: float = 1.0, chat_id: int | None = None) -> int:
        """Return the most messages admitted within any `window` seconds."""
        stamps = [t for t, chat in self.sent_at if chat_id is None or chat == chat_id]
        best = 0
        for i, start in enumerate(stamps):
            best = max(best, bisect.bisect_left(stamps, start + window, lo=i) - i)
        return best
