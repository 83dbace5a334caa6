"""Alerts and reminders reach Slack through the one outbox, beside Telegram.

A notice dropped in a watched folder alerts a Slack channel and a Telegram chat subscribed
to the same thing, from one outbox, once, even across a restart; a J-1 reminder reaches a
Slack DM; a 429 is waited out with nothing lost; a channel we cannot write to is deactivated.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram.ext import ExtBot

from postes.clock import FakeClock
from postes.config import Settings, SourceSettings
from postes.jobs.deliver import deliver_due
from postes.jobs.localtime import NOUMEA
from postes.jobs.reminders import enqueue_due_reminders
from postes.jobs.scheduler import poll_sources
from postes.jobs.senders import Senders
from postes.platforms.slack.commands import slack_naming
from postes.platforms.slack.ratelimit import ChannelRateLimiter
from postes.platforms.slack.sender import SlackSender
from postes.platforms.slack.workspaces import ConfiguredToken
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.chats import get_chat_by_external_id
from postes.storage.models import OutboxRow
from tests.botapi.double import DEFAULT_TOKEN, FakeBotApi
from tests.botapi.transport import FakeRequest
from tests.jobs.factories import follow, make_chat, make_offer, subscribe
from tests.slack.conftest import CHANNEL, CREATOR, MEMBER, TEAM
from tests.slack.harness import SlackClient
from tests.slackapi.server import SlackDouble

NOTICE = """Technicien informatique

Référence : 3134-25-0901/SR du 10/07/2025

Employeur : Province Sud

Corps ou cadre d'emploi /Domaine : Technicien (B)

Lieu de travail : Nouméa

Date de dépôt de l’offre : 10/07/2025

Date limite de candidature : 31/07/2025

# Détails de l’offre :

Administration du parc informatique de la direction.
"""


def slack_sender(slack: SlackDouble, limiter: ChannelRateLimiter | None = None) -> SlackSender:
    client = AsyncWebClient(base_url=slack.api_url)
    return SlackSender(client, ConfiguredToken(f"xoxb-{TEAM}"), limiter)


def slack_only(slack: SlackDouble, limiter: ChannelRateLimiter | None = None) -> Senders:
    return Senders().add("slack", slack_sender(slack, limiter), naming=slack_naming)


async def statuses(sessions: async_sessionmaker) -> list[tuple[str, str]]:
    async with sessions() as session:
        rows = await session.scalars(select(OutboxRow).order_by(OutboxRow.id))
        return [(row.kind, row.status) for row in rows]


async def test_one_notice_alerts_slack_and_telegram_once(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    api = FakeBotApi()
    bot = ExtBot(DEFAULT_TOKEN, request=FakeRequest(api), get_updates_request=FakeRequest(api))
    await bot.initialize()
    telegram_chat = await make_chat(sessions, clock(), 4242)
    await subscribe(sessions, telegram_chat, "informatique", clock())
    await slack_app.command("abonner informatique", channel=CHANNEL, user=CREATOR)
    folder = tmp_path / "inbox"
    folder.mkdir()
    settings = Settings(sources=(SourceSettings("folder", str(folder)),))
    await poll_sources(sessions, settings, clock)  # nothing yet
    notice = folder / "avis-0901.txt"
    notice.write_text(NOTICE)
    settled = time.time() - 60  # written whole: no need to wait for it to settle
    os.utime(notice, (settled, settled))

    async def run_once() -> None:
        clock.advance(settings.schedule.check_every)  # the next poll is due
        await poll_sources(sessions, settings, clock)
        sender = (
            Senders()
            .add("telegram", TelegramSender(bot))
            .add("slack", slack_sender(slack_app.slack), naming=slack_naming)
        )
        await deliver_due(sessions=sessions, sender=sender, clock=clock, zone=NOUMEA)

    await run_once()
    [posted] = slack_app.slack.state.messages(CHANNEL)
    assert "Technicien informatique" in (posted.text or "")
    assert "Technicien informatique" in posted.blocks[0]["text"]["text"]  # type: ignore[index]
    [telegram] = api.sent_messages(4242)
    assert "Technicien informatique" in telegram.text
    assert await statuses(sessions) == [("alert", "sent"), ("alert", "sent")]

    clock.advance(timedelta(minutes=10))  # a restart: new senders, the folder polled again
    await run_once()
    assert len(slack_app.slack.state.messages(CHANNEL)) == 1
    assert len(api.sent_messages(4242)) == 1
    await bot.shutdown()


async def test_j_minus_1_reminder_reaches_a_slack_dm(
    slack: SlackDouble, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    async with sessions() as session, session.begin():
        from postes.storage.chats import get_or_create_chat

        chat = await get_or_create_chat(
            session=session,
            platform="slack",
            workspace=TEAM,
            external_id=f"D{MEMBER}",
            kind="private",
            now=clock(),
            reminder_days=[1],
        )
        chat_id = chat.id
    offer = await make_offer(sessions, clock(), deadline=date(2025, 7, 16), reference="R-9")
    await follow(sessions, chat_id, offer, clock())
    clock.advance(timedelta(days=1, hours=-1))  # Tuesday 08:00 Nouméa: J-1
    await enqueue_due_reminders(
        sessions=sessions, clock=clock, zone=NOUMEA, reminder_time=Settings().schedule.reminder_time
    )
    await deliver_due(sessions=sessions, sender=slack_only(slack), clock=clock, zone=NOUMEA)
    [posted] = slack.state.messages(f"D{MEMBER}")
    assert "Plus qu’un jour pour candidater" in (posted.text or "")
    assert await statuses(sessions) == [("reminder:1:2025-07-16", "sent")]


async def _slack_channel_with_alerts(
    sessions: async_sessionmaker, clock: FakeClock, count: int
) -> int:
    from postes.jobs.alerts import enqueue_alerts
    from postes.storage.chats import get_or_create_chat

    async with sessions() as session, session.begin():
        chat = await get_or_create_chat(
            session=session,
            platform="slack",
            workspace=TEAM,
            external_id=CHANNEL,
            kind="group",
            now=clock(),
        )
        chat_id = chat.id
    await subscribe(sessions, chat_id, "informatique", clock())
    offers = [
        await make_offer(sessions, clock(), title=f"Informaticien n°{n}", reference=f"R-{n}")
        for n in range(count)
    ]
    await enqueue_alerts(sessions=sessions, offer_ids=offers, clock=clock, zone=NOUMEA)
    return chat_id


async def test_429_is_waited_out_and_nothing_is_lost(
    slack: SlackDouble, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await _slack_channel_with_alerts(sessions, clock, 3)
    slack.state.clock = lambda: clock().timestamp()  # Slack's 1 s window, on our fake time
    # Our own spacing switched off: Slack's 429 is what must be honoured here.
    sender = slack_only(slack, ChannelRateLimiter(interval=0))
    report = await deliver_due(sessions=sessions, sender=sender, clock=clock, zone=NOUMEA)
    assert report.sent == 1
    assert report.retried == 2
    assert slack.state.rate_limited == 2
    for _ in range(5):
        clock.advance(timedelta(seconds=1))
        await deliver_due(sessions=sessions, sender=sender, clock=clock, zone=NOUMEA)
    assert len(slack.state.messages(CHANNEL)) == 3
    assert await statuses(sessions) == [("alert", "sent")] * 3
    assert len({p.text for p in slack.state.messages(CHANNEL)}) == 3


@pytest.mark.parametrize("gone", ["not_in_channel", "is_archived", "channel_not_found"])
async def test_a_channel_we_cannot_write_to_is_deactivated(
    slack: SlackDouble, sessions: async_sessionmaker, clock: FakeClock, gone: str
) -> None:
    await _slack_channel_with_alerts(sessions, clock, 2)
    channel = slack.state.workspaces[TEAM].channels[CHANNEL]
    if gone == "not_in_channel":
        channel.members.clear()
    elif gone == "is_archived":
        channel.archived = True
    else:
        del slack.state.workspaces[TEAM].channels[CHANNEL]
    report = await deliver_due(
        sessions=sessions, sender=slack_only(slack), clock=clock, zone=NOUMEA
    )
    assert report.deactivated == 1
    assert sorted(await statuses(sessions)) == [("alert", "dropped")] * 2
    async with sessions() as session:
        chat = await get_chat_by_external_id(
            session=session, platform="slack", workspace=TEAM, external_id=CHANNEL
        )
        assert chat is not None
        assert not chat.active
