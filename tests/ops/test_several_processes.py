"""Three `postes run` on one PostgreSQL database, with the Bot API double enforcing limits.

One notice matching 500 subscribers: each gets exactly one alert, the source is polled once
per interval (not once per process), and Telegram's 30 messages a second are never
exceeded. Then the sender leader is SIGKILLed mid fan-out: a standby takes over within
15 s, everyone still gets the alert, duplicates at most the messages in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL, postgres_skip_reason
from tests.ops.cluster import (
    FIRST_CHAT,
    BotApi,
    Cluster,
    busiest_second,
    make_cluster,
    postgres_database,
    prepare,
    received,
    sender_leader_pid,
    start_bot_api,
)

SUBSCRIBERS = 500
KILLED_FANOUT = 300  # subscribers of the SIGKILL test: enough to kill mid-way, and quick
IN_FLIGHT = 16  # the sender's concurrency: messages that may be sent but not yet marked
CHECK_EVERY = 3  # seconds


Running = Callable[[int], Awaitable[tuple[Cluster, BotApi, str]]]


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    """Start the double and prepare a schema with N subscribers; stopped and dropped after."""
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    async with contextlib.AsyncExitStack() as stack:

        async def start(subscribers: int) -> tuple[Cluster, BotApi, str]:
            api = start_bot_api(tmp_path)
            stack.callback(api.close)
            url = await stack.enter_async_context(postgres_database(POSTGRES_URL))
            await prepare(url, subscribers, tmp_path / "inbox")
            cluster = make_cluster(tmp_path, url, api.base_url, check_every=f"{CHECK_EVERY}s")
            stack.push_async_callback(asyncio.to_thread, cluster.stop)
            return cluster, api, url

        yield start


async def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def test_three_processes_alert_each_subscriber_once_within_telegram_limits(
    running: Running,
) -> None:
    cluster, api, _ = await running(SUBSCRIBERS)
    started = time.monotonic()
    cluster.start(3)
    await wait_for(lambda: len(received(api.sent())) == SUBSCRIBERS, 90, "every alert")
    await asyncio.sleep(2)  # a duplicate would show now
    elapsed = time.monotonic() - started
    await asyncio.to_thread(cluster.stop)

    sent = api.sent()
    counts = received(sent)
    assert set(counts) == set(range(FIRST_CHAT, FIRST_CHAT + SUBSCRIBERS))
    assert max(counts.values()) == 1
    assert [line for line in api.refused() if line["status"] == 429] == []
    assert busiest_second(sent) <= 30
    # Only the updates leader long-polls: two getUpdates at once would get 409 Conflict.
    assert [line for line in api.refused() if line["status"] == 409] == []
    assert "send batch: " in cluster.logs()  # one line per batch, with its counts
    polls = cluster.polls()
    # One leader polls every CHECK_EVERY; three independent pollers would make 3x as many.
    assert 1 <= polls <= elapsed / CHECK_EVERY + 2, cluster.logs()[-3000:]
    busiest = busiest_second(sent)
    print(f"\n{len(sent)} alerts in {elapsed:.1f} s, {polls} polls, busiest second {busiest}")  # noqa: T201


async def test_killed_sender_leader_is_replaced_within_15_s_without_loss(
    running: Running,
) -> None:
    cluster, api, url = await running(KILLED_FANOUT)
    cluster.start(3)
    await wait_for(lambda: len(api.sent()) >= KILLED_FANOUT // 3, 60, "the fan-out to start")
    leader = await sender_leader_pid(url)
    assert leader is not None
    killed_at = time.time()
    cluster.kill(leader)
    at_kill = len(api.sent())

    await wait_for(lambda: len(received(api.sent())) == KILLED_FANOUT, 90, "every alert")
    await asyncio.sleep(2)
    sent = api.sent()
    # Messages accepted within a moment of the kill were already on the wire.
    resumed = min(line["at"] for line in sent[at_kill:] if line["at"] > killed_at + 0.5)
    takeover = resumed - killed_at
    counts = received(sent)
    duplicates = sum(counts.values()) - len(counts)
    print(f"\nkilled after {at_kill} alerts; takeover {takeover:.1f} s; {duplicates} duplicates")  # noqa: T201
    assert set(counts) == set(range(FIRST_CHAT, FIRST_CHAT + KILLED_FANOUT))
    assert duplicates <= IN_FLIGHT
    assert takeover <= 15
    assert [line for line in api.refused() if line["status"] == 429] == []
