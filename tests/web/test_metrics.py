"""/metrics: a bearer token guards it; after a real delivery through the Bot API double the
outbox gauges fall and the send counters rise; only the scheduler's leader reads the
database for its gauges."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram.ext import ExtBot

from postes.clock import FakeClock
from postes.config import Settings
from postes.conversation.replies import Reply
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.localtime import NOUMEA
from postes.jobs.scheduler import build_scheduler
from postes.jobs.senders import Senders
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.chats import get_or_create_chat
from postes.storage.db import create_engine, create_sessions
from postes.storage.models import ChatRow
from postes.web.metrics import metrics_route
from tests.botapi.double import DEFAULT_TOKEN, FakeBotApi
from tests.botapi.transport import FakeRequest
from tests.jobs.factories import make_chat, make_offer, subscribe
from tests.web.conftest import Serve

TOKEN = "metrics-s3cret"
# Nothing listens on port 9 here: every connection is refused.
UNREACHABLE = "postgresql+asyncpg://postgres@127.0.0.1:9/none"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class Leads:
    def __init__(self, *roles: str) -> None:
        self.roles = roles

    def leads(self, role: str) -> bool:
        return role in self.roles


def value(text: str, name: str, **labels: str) -> float | None:
    """The sample `name{labels}` of an exposition, None when absent."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    return None


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[ExtBot]:
    # No retry of a 429 inside the limiter: the outbox sees it, as "retry_after".
    bot = ExtBot(
        DEFAULT_TOKEN, request=FakeRequest(api), rate_limiter=ChatRateLimiter(max_retries=0)
    )
    await bot.initialize()
    yield bot
    await bot.shutdown()


async def scrape(client: httpx.AsyncClient) -> str:
    answer = await client.get("/metrics", headers=AUTH)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    return answer.text


async def test_metrics_want_the_bearer_token(
    serve: Serve, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    client = await serve(
        metrics_route(token=TOKEN, sessions=sessions, clock=clock, leadership=Leads("scheduler"))
    )

    anonymous = await client.get("/metrics")
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
    not_ascii = await client.get("/metrics", headers={"Authorization": "Bearer é".encode()})
    right = await client.get("/metrics", headers=AUTH)

    assert anonymous.status_code == wrong.status_code == not_ascii.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert "postes_outbox_pending" not in anonymous.text
    assert right.status_code == 200
    assert "postes_outbox_pending" in right.text


async def test_metrics_without_a_configured_token_are_off(
    serve: Serve, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    client = await serve(
        metrics_route(token=None, sessions=sessions, clock=clock, leadership=Leads("scheduler"))
    )

    answer = await client.get("/metrics", headers={"Authorization": "Bearer None"})

    assert answer.status_code == 404
    assert "[http] metrics_token" in answer.text


async def test_outbox_and_send_counters_move_with_a_real_delivery(
    serve: Serve, sessions: async_sessionmaker, clock: FakeClock, api: FakeBotApi, bot: ExtBot
) -> None:
    scheduler = build_scheduler(
        sessions=sessions, settings=Settings(), sender=TelegramSender(bot), clock=clock
    )
    deliver = scheduler.get_job("deliver")  # the job as the scheduler runs it
    client = await serve(
        metrics_route(token=TOKEN, sessions=sessions, clock=clock, leadership=Leads("scheduler"))
    )
    reader, blocker, flooded = [await make_chat(sessions, clock(), i) for i in (701, 702, 703)]
    for chat in (reader, blocker):
        await subscribe(sessions, chat, "informatique", clock())
    await subscribe(sessions, flooded, "juriste", clock())
    offer = await make_offer(sessions, clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    api.block(702)
    clock.advance(timedelta(seconds=30))

    before = await scrape(client)
    await deliver.func(**deliver.kwargs)
    after = await scrape(client)
    lawyers = await make_offer(
        sessions, clock(), title="Juriste – droit public", body="Conseil juridique.", reference="J1"
    )
    await enqueue_alerts(sessions=sessions, offer_ids=[lawyers], clock=clock, zone=NOUMEA)
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    await deliver.func(**deliver.kwargs)
    flood = await scrape(client)

    def sends(text: str, outcome: str) -> float:
        found = value(text, "postes_sends_total", platform="telegram", outcome=outcome)
        assert found is not None, f"no {outcome} series"
        return found

    pending = "postes_outbox_pending"
    oldest = "postes_outbox_oldest_due_age_seconds"
    assert value(before, pending, platform="telegram", kind="alert") == 2
    assert value(before, pending, platform="telegram", kind="reminder") == 0
    assert value(before, oldest, platform="telegram") == 30
    assert len(api.sent_messages(701)) == 1
    assert not api.sent_messages(702)
    assert value(after, pending, platform="telegram", kind="alert") == 0
    assert value(after, oldest, platform="telegram") == 0
    assert sends(after, "ok") - sends(before, "ok") == 1
    assert sends(after, "blocked") - sends(before, "blocked") == 1
    assert sends(after, "retry_after") == sends(before, "retry_after")
    assert value(after, "postes_job_last_success_age_seconds", job="deliver") == 0
    # The 429: counted as such, and the alert waits in the outbox for its retry.
    assert sends(flood, "retry_after") - sends(after, "retry_after") == 1
    rate_limited = "postes_rate_limited_total"
    assert value(flood, rate_limited, platform="telegram") == 1 + (
        value(after, rate_limited, platform="telegram") or 0
    )
    assert value(flood, pending, platform="telegram", kind="alert") == 1


async def test_only_the_scheduler_leader_reads_the_database(serve: Serve, clock: FakeClock) -> None:
    # A database nobody can open: a process reading it would show postes_database_up 0.
    engine = create_engine(UNREACHABLE)
    unreachable = create_sessions(engine)
    follower = await serve(
        metrics_route(token=TOKEN, sessions=unreachable, clock=clock, leadership=Leads("updates"))
    )
    try:
        text = await scrape(follower)
    finally:
        await engine.dispose()

    assert value(text, "postes_leader", role="updates") == 1
    assert value(text, "postes_leader", role="scheduler") == 0
    assert value(text, "postes_database_up") is None
    assert "postes_outbox_pending" not in text
    assert "postes_sends_total" in text  # its own counters, still


async def test_a_leader_whose_database_fails_says_so(serve: Serve, clock: FakeClock) -> None:
    engine = create_engine(UNREACHABLE)
    leader = await serve(
        metrics_route(
            token=TOKEN,
            sessions=create_sessions(engine),
            clock=clock,
            leadership=Leads("scheduler"),
        )
    )
    try:
        text = await scrape(leader)
    finally:
        await engine.dispose()

    assert value(text, "postes_database_up") == 0
    assert "postes_outbox_pending{" not in text


class SlackRecorder:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        self.sent.append(chat.external_id)
        return str(len(self.sent))


async def test_each_platform_is_counted_and_delivered_through_its_own_sender(
    serve: Serve, sessions: async_sessionmaker, clock: FakeClock, api: FakeBotApi, bot: ExtBot
) -> None:
    slack = SlackRecorder()
    senders = Senders().add("telegram", TelegramSender(bot)).add("slack", slack)
    scheduler = build_scheduler(sessions=sessions, settings=Settings(), sender=senders, clock=clock)
    deliver = scheduler.get_job("deliver")
    client = await serve(
        metrics_route(
            token=TOKEN,
            sessions=sessions,
            clock=clock,
            leadership=Leads("scheduler"),
            platforms=senders.platforms,
        )
    )
    telegram_chat = await make_chat(sessions, clock(), 801)
    async with sessions() as session, session.begin():
        slack_chat = await get_or_create_chat(
            session=session,
            platform="slack",
            external_id="C0123",
            kind="group",
            now=clock(),
            workspace="T1",
        )
    for chat in (telegram_chat, slack_chat.id):
        await subscribe(sessions, chat, "informatique", clock())
    offer = await make_offer(sessions, clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)

    before = await scrape(client)
    await deliver.func(**deliver.kwargs)
    after = await scrape(client)

    def ok(text: str, platform: str) -> float:
        return value(text, "postes_sends_total", platform=platform, outcome="ok") or 0.0

    assert value(before, "postes_outbox_pending", platform="slack", kind="alert") == 1
    assert value(before, "postes_outbox_pending", platform="telegram", kind="alert") == 1
    assert slack.sent == ["C0123"]
    assert len(api.sent_messages(801)) == 1
    assert ok(after, "slack") - ok(before, "slack") == 1
    assert ok(after, "telegram") - ok(before, "telegram") == 1
    assert value(after, "postes_outbox_pending", platform="slack", kind="alert") == 0
