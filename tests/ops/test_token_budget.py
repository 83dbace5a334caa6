"""One token's 30 messages a second, split among the processes sending for it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import ExtBot

from postes.clock import FakeClock
from postes.config import Settings, TelegramSettings
from postes.jobs.leadership import Leadership, sender_lease
from postes.platforms.telegram.app import build_application
from postes.platforms.telegram.budget import (
    budget_of,
    count_repliers,
    split_budget,
)
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.platforms.telegram.roles import role_leadership, share_token_budget
from tests.botapi.double import DEFAULT_TOKEN, FakeBotApi
from tests.botapi.transport import FakeRequest
from tests.jobs.virtualtime import VirtualTime

BOT_ID = int(DEFAULT_TOKEN.split(":", 1)[0])
ALL = ("updates", "scheduler", "sender")


# ---- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repliers", "leader", "reply"),
    [
        (0, 30, 5),  # one process (--role all): the whole budget
        (1, 25, 5),
        (3, 15, 5),
        (4, 10, 5),  # exactly at the floor
        (5, 10, 4),  # past it, the reply share shrinks instead
        (40, 10, 0.5),
    ],
)
def test_the_leader_has_what_the_repliers_leave_never_below_10(
    repliers: int, leader: float, reply: float
) -> None:
    budget = split_budget(repliers, reply_share=5)

    assert (budget.leader, budget.reply) == pytest.approx((leader, reply))
    assert budget.leader + budget.reply * repliers <= 30 + 1e-9
    assert budget.leader >= 10


def test_only_live_updates_workers_other_than_the_leader_are_repliers() -> None:
    roles = {
        "lead": ALL,
        "standby": ALL,  # may take the updates lease at any moment
        "web1": ("updates",),
        "web2": ("updates",),
        "cron": ("scheduler",),
        "spare": ("sender",),
    }

    assert count_repliers(roles, "lead") == 3
    assert budget_of(roles, leader="lead", me="lead", reply_share=5) == 15
    assert budget_of(roles, leader="lead", me="web1", reply_share=5) == 5
    # Nobody leads the sender lease: every updates worker is a replier, and nobody has more.
    assert count_repliers(roles, None) == 4
    assert budget_of(roles, leader=None, me="standby", reply_share=5) == 5


# ---- processes following the rule through the workers table -----------------------------


def settings(reply_share: float = 5) -> Settings:
    return Settings(
        telegram=TelegramSettings(token=DEFAULT_TOKEN, reply_share_per_second=reply_share)
    )


async def test_one_process_alone_keeps_the_whole_30(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    app = build_application(settings(), sessions=sessions, clock=clock)
    leadership, _ = role_leadership(
        sessions=sessions, clock=clock, roles=ALL, bot_id=BOT_ID, webhook=False, exclusive=True
    )
    budget = share_token_budget(app, leadership, sessions=sessions, bot_id=BOT_ID, reply_share=5)
    assert budget is not None
    limiter = app.bot.rate_limiter
    assert isinstance(limiter, ChatRateLimiter)
    assert limiter.overall_per_second == 5  # before its first beat it knows nothing

    await leadership.beat_once()

    assert leadership.leads(sender_lease(BOT_ID))
    assert limiter.overall_per_second == 30


async def test_budgets_follow_replicas_coming_and_going_and_the_leader_changing(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    leader, leader_bot = followed(sessions, clock, ALL)
    standby, standby_bot = followed(sessions, clock, ALL)
    web = [followed(sessions, clock, ("updates",)) for _ in range(4)]

    processes = [leader, standby, *(p for p, _ in web)]
    for process_ in processes * 2:  # each one's next beat counts those started after it
        await process_.beat_once()

    # 5 repliers (the standby and 4 webhook replicas): 30 - 5 × 5 < 10, so 10 and 4 each.
    assert rate(leader_bot) == pytest.approx(10)
    assert [rate(bot) for _, bot in web] == pytest.approx([4] * 4)
    assert rate(leader_bot) + sum(rate(bot) for bot in (standby_bot, *(b for _, b in web))) <= 30

    # Three replicas stop cleanly: 2 repliers left, 5 each, the leader 20.
    for process_, _ in web[:3]:
        await process_.resign()
    await leader.beat_once()
    assert rate(leader_bot) == pytest.approx(20)

    # The leader dies (no more beats). While its lease may still be safe nobody else rises;
    # once it has expired the standby takes it and the dead leader is no longer counted.
    clock.advance(timedelta(seconds=5))
    await standby.beat_once()
    assert rate(standby_bot) == 5
    clock.advance(timedelta(seconds=5))
    await web[3][0].beat_once()
    await standby.beat_once()
    assert standby.leads(sender_lease(BOT_ID))
    assert rate(standby_bot) == pytest.approx(25)


async def test_a_leader_whose_lease_runs_out_falls_back_to_the_reply_share_without_database(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    down = False

    def database() -> AsyncSession:
        if down:
            raise ConnectionError("database away")
        return sessions()

    leader, bot = followed(database, clock, ALL)  # type: ignore[arg-type]
    replica, _ = followed(sessions, clock, ("updates",))
    await replica.beat_once()
    await leader.beat_once()
    assert rate(bot) == 25

    down = True
    clock.advance(timedelta(seconds=6))  # past its lease's safe end
    with pytest.raises(ConnectionError):
        await leader.beat_once()

    assert not leader.leads(sender_lease(BOT_ID))
    assert rate(bot) == 5


def followed(
    sessions: async_sessionmaker,
    clock: FakeClock,
    roles: tuple[str, ...],
    *,
    api: FakeBotApi | None = None,
    vtime: VirtualTime | None = None,
) -> tuple[Leadership, ExtBot]:
    """A process on webhook whose limiter follows the token budget, wired as in `postes run`."""
    limiter = ChatRateLimiter(clock=vtime, sleep=vtime.sleep) if vtime else ChatRateLimiter()
    app = build_application(
        settings(),
        sessions=sessions,
        clock=clock,
        request=FakeRequest(api) if api else None,
        rate_limiter=limiter,
    )
    leadership, _ = role_leadership(
        sessions=sessions, clock=clock, roles=roles, bot_id=BOT_ID, webhook=True, exclusive=False
    )
    assert share_token_budget(app, leadership, sessions=sessions, bot_id=BOT_ID, reply_share=5)
    return leadership, app.bot


def rate(bot: ExtBot) -> float:
    limiter = bot.rate_limiter
    assert isinstance(limiter, ChatRateLimiter)
    return limiter.overall_per_second


# ---- two processes, one token, at the Bot API's end --------------------------------------


@pytest.fixture
def vtime() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
async def api(vtime: VirtualTime) -> FakeBotApi:
    return FakeBotApi(clock=vtime)  # Telegram's 30/s overall, journaled per acceptance time


async def test_sender_leader_and_a_flooding_replica_never_exceed_30_in_a_second(
    sessions: async_sessionmaker, clock: FakeClock, api: FakeBotApi, vtime: VirtualTime
) -> None:
    leader, alerts = followed(sessions, clock, ALL, api=api, vtime=vtime)
    replica, replies = followed(sessions, clock, ("updates",), api=api, vtime=vtime)
    await replica.beat_once()
    await leader.beat_once()
    for bot in (alerts, replies):
        await bot.initialize()

    await asyncio.gather(
        *(alerts.send_message(chat, "Nouvelle offre") for chat in range(1000, 1200)),
        *(replies.send_message(chat, "Vos abonnements") for chat in range(5000, 5100)),
    )

    assert len(api.sent_messages()) == 300  # nothing dropped
    assert api.rejected_429 == 0
    assert api.max_rate_observed(1.0) <= 30
