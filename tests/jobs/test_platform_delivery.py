"""Delivery picks each row's sender by its chat's platform, and names commands its way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.conversation.replies import Reply
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.digest import enqueue_digests
from postes.jobs.localtime import NOUMEA
from postes.jobs.senders import Senders
from postes.storage.chats import get_or_create_chat, update_chat_settings
from postes.storage.models import ChatRow
from tests.jobs.factories import make_offer, outbox, subscribe


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []  # (workspace, external id, text)

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        self.sent.append((chat.workspace, chat.external_id, reply.text))
        return str(len(self.sent))


async def _chat(
    sessions: async_sessionmaker, clock: FakeClock, platform: str, external_id: str, ws: str = ""
) -> int:
    async with sessions() as session, session.begin():
        chat = await get_or_create_chat(
            session=session,
            platform=platform,
            external_id=external_id,
            kind="group",
            now=clock(),
            workspace=ws,
        )
        return chat.id


async def _alert_all(sessions: async_sessionmaker, clock: FakeClock, chats: list[int]) -> int:
    for chat in chats:
        await subscribe(sessions, chat, "informatique", clock())
    offer = await make_offer(sessions, clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    return offer


async def test_a_channel_id_is_a_chat_per_workspace(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    first = await _chat(sessions, clock, "slack", "C0123ABCD", "T1")
    other_team = await _chat(sessions, clock, "slack", "C0123ABCD", "T2")
    again = await _chat(sessions, clock, "slack", "C0123ABCD", "T1")
    telegram = await _chat(sessions, clock, "telegram", "C0123ABCD")

    assert first == again
    assert len({first, other_team, telegram}) == 3


async def test_rows_carry_their_chats_platform_and_go_out_through_its_sender(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chats = [
        await _chat(sessions, clock, "telegram", "-100"),
        await _chat(sessions, clock, "slack", "C0123ABCD", "T1"),
        await _chat(sessions, clock, "slack", "C0123ABCD", "T2"),
    ]
    await _alert_all(sessions, clock, chats)
    rows = await outbox(sessions)
    assert sorted((r.platform, r.workspace) for r in rows) == [
        ("slack", "T1"),
        ("slack", "T2"),
        ("telegram", ""),
    ]
    telegram, slack = Recorder(), Recorder()

    report = await deliver_due(
        sessions=sessions,
        sender=Senders().add("telegram", telegram).add("slack", slack),
        clock=clock,
    )

    assert report.sent == 3
    assert [(w, e) for w, e, _ in telegram.sent] == [("", "-100")]
    assert sorted((w, e) for w, e, _ in slack.sent) == [("T1", "C0123ABCD"), ("T2", "C0123ABCD")]


async def test_rows_of_a_platform_without_sender_wait_for_one(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chats = [
        await _chat(sessions, clock, "telegram", "-100"),
        await _chat(sessions, clock, "slack", "C1", "T1"),
    ]
    await _alert_all(sessions, clock, chats)
    telegram = Recorder()

    report = await deliver_due(sessions=sessions, sender=telegram, clock=clock)

    assert report.sent == 1
    assert [e for _, e, _ in telegram.sent] == ["-100"]
    by_platform = {row.platform: row.status for row in await outbox(sessions)}
    assert by_platform == {"telegram": "sent", "slack": "pending"}
    slack = Recorder()
    later = await deliver_due(sessions=sessions, sender=Senders().add("slack", slack), clock=clock)
    assert later.sent == 1
    assert [e for _, e, _ in slack.sent] == ["C1"]


async def test_notices_name_commands_the_way_the_platform_spells_them(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    # A digest longer than it shows points at /offres for the rest.
    chats = [
        await _chat(sessions, clock, "telegram", "-100"),
        await _chat(sessions, clock, "slack", "C1", "T1"),
    ]
    for chat in chats:
        async with sessions() as session, session.begin():
            await update_chat_settings(session=session, chat_id=chat, digest_hour=12)
        await subscribe(sessions, chat, "informatique", clock())
    offers = [
        await make_offer(sessions, clock(), title=f"Informaticien n°{n}", deadline=date(2025, 9, 1))
        for n in range(20)
    ]
    await enqueue_alerts(sessions=sessions, offer_ids=offers, clock=clock, zone=NOUMEA)
    clock.advance(timedelta(hours=4))  # past noon in Nouméa
    await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA)
    telegram, slack = Recorder(), Recorder()
    senders = Senders().add("telegram", telegram)
    senders.add("slack", slack, naming=lambda name: f"/postes {name}")

    await deliver_due(sessions=sessions, sender=senders, clock=clock)

    ((_, _, telegram_text),) = telegram.sent
    ((_, _, slack_text),) = slack.sent
    # One employer's 20 offers: 2 are listed, the rest counted, and the way to see them all.
    assert "Toutes les offres : /offres" in telegram_text
    assert "Toutes les offres : /postes offres" in slack_text


def test_a_platform_has_one_sender() -> None:
    senders = Senders().add("slack", Recorder())
    with pytest.raises(ValueError, match="already registered"):
        senders.add("slack", Recorder())
    assert senders.platforms == {"slack"}
    assert Senders.of(senders) is senders
    assert Senders.of(Recorder()).platforms == {"telegram"}
