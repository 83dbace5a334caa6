"""The one rate limiter: 1/s per chat, 3 s per group, ~30/s overall, 429s waited out."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from telegram.error import RetryAfter

from postes.platforms.telegram.ratelimit import ChatRateLimiter
from tests.jobs.virtualtime import VirtualTime


async def send_all(limiter: ChatRateLimiter, vtime: VirtualTime, chats: list[int]) -> list:
    sent: list[tuple[float, int]] = []

    async def call(chat_id: int) -> bool:
        sent.append((vtime(), chat_id))
        return True

    await asyncio.gather(
        *(
            limiter.process_request(call, (c,), {}, "sendMessage", {"chat_id": c}, None)
            for c in chats
        )
    )
    return sent


def max_in_window(times: list[float], window: float) -> int:
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


async def test_one_message_per_second_per_chat_and_30_overall() -> None:
    vtime = VirtualTime()
    limiter = ChatRateLimiter(clock=vtime, sleep=vtime.sleep)
    chats = [c for c in range(1, 61)] * 3  # 60 chats, three messages each

    sent = await send_all(limiter, vtime, chats)

    assert len(sent) == 180
    assert max_in_window([t for t, _ in sent], 1.0) <= 30
    for chat in range(1, 61):
        times = sorted(t for t, c in sent if c == chat)
        assert min(b - a for a, b in itertools.pairwise(times)) >= 1.0
    assert sent[-1][0] - sent[0][0] < 6.5  # and not much slower than the limits allow


async def test_groups_get_twenty_a_minute() -> None:
    vtime = VirtualTime()
    limiter = ChatRateLimiter(clock=vtime, sleep=vtime.sleep)

    sent = await send_all(limiter, vtime, [-100] * 21)

    times = [t for t, _ in sent]
    assert max_in_window(times, 60.0) == 20


async def test_requests_without_chat_are_not_throttled() -> None:
    vtime = VirtualTime()
    limiter = ChatRateLimiter(clock=vtime, sleep=vtime.sleep)

    async def call() -> bool:
        return True

    for _ in range(100):
        await limiter.process_request(call, (), {}, "getMe", {}, None)
    assert vtime() == 1000.0


async def test_retry_after_pauses_then_retries_a_bounded_number_of_times() -> None:
    vtime = VirtualTime()
    limiter = ChatRateLimiter(clock=vtime, sleep=vtime.sleep, max_retries=2)
    calls: list[float] = []

    async def flooded() -> bool:
        calls.append(vtime())
        raise RetryAfter(7)

    with pytest.raises(RetryAfter):
        await limiter.process_request(flooded, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert len(calls) == 3
    assert calls[1] - calls[0] >= 7
    assert calls[2] - calls[1] >= 7


@pytest.mark.parametrize("endpoint", ["getChatMember", "answerCallbackQuery", "editMessageText"])
async def test_calls_that_post_no_message_do_not_wait_for_the_chat(endpoint: str) -> None:
    vtime = VirtualTime()
    limiter = ChatRateLimiter(clock=vtime, sleep=vtime.sleep)

    async def call() -> bool:
        return True

    start = vtime()
    for _ in range(5):
        await limiter.process_request(call, (), {}, endpoint, {"chat_id": -100}, None)
    assert vtime() == start


async def test_sends_that_wake_late_do_not_burst_past_30_in_a_second() -> None:
    vtime = VirtualTime()
    late = iter([0.4] * 40)  # the event loop was busy: the first sleepers wake late

    async def oversleep(delay: float) -> None:
        await vtime.sleep(delay + (next(late, 0.0) if delay > 0 else 0.0))

    limiter = ChatRateLimiter(clock=vtime, sleep=oversleep)

    sent = await send_all(limiter, vtime, list(range(1, 121)))

    assert len(sent) == 120
    assert max_in_window([t for t, _ in sent], 1.0) <= 30


async def test_a_lower_budget_set_at_run_time_holds_for_sends_already_queued() -> None:
    vtime = VirtualTime()
    limiter = ChatRateLimiter(clock=vtime, sleep=vtime.sleep)
    sent: list[float] = []
    lowered_at: list[float] = []

    async def call() -> bool:
        sent.append(vtime())
        if len(sent) == 30:  # another process joined: this one now has 10 a second
            limiter.overall_per_second = 10
            lowered_at.append(vtime())
        return True

    # All 90 take their overall slot (30 a second) at once, before the budget changes.
    await asyncio.gather(
        *(
            limiter.process_request(call, (), {}, "sendMessage", {"chat_id": c}, None)
            for c in range(1, 91)
        )
    )

    assert len(sent) == 90  # nothing dropped
    assert sent[29] - sent[0] < 1.1  # 30 a second before the change
    later = [t for t in sent if t > lowered_at[0]]
    assert len(later) == 60
    # Counted by the window rule's current budget: no second after the change holds 11.
    assert max_in_window(later, 1.0) <= 10
    assert later[-1] - later[0] < 6.5  # and the new budget is used, not much less


async def test_a_higher_budget_set_at_run_time_is_used() -> None:
    vtime = VirtualTime()
    limiter = ChatRateLimiter(overall_per_second=5, clock=vtime, sleep=vtime.sleep)
    limiter.overall_per_second = 30

    sent = await send_all(limiter, vtime, list(range(1, 61)))

    times = [t for t, _ in sent]
    assert max_in_window(times, 1.0) == 30
    assert times[-1] - times[0] < 2.1


def test_a_budget_must_be_positive() -> None:
    limiter = ChatRateLimiter()
    with pytest.raises(ValueError, match="positive"):
        limiter.overall_per_second = 0
    assert limiter.overall_per_second == 30
