"""Digests: long ones are split, their alerts are done only once they are sent, and their
contents follow the job boards' rules (10 offers, 2 per employer, never empty)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.digest import enqueue_digests
from postes.jobs.localtime import NOUMEA
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.decisions import DISMISSED, decide
from tests.botapi.double import Call, FakeBotApi
from tests.jobs.factories import make_chat, make_offer, outbox, subscribe

DIGEST_TIME = datetime(2025, 7, 14, 7, 0, tzinfo=UTC)  # 18:00 in Nouméa
NEXT_DIGEST_TIME = datetime(2025, 7, 15, 7, 0, tzinfo=UTC)


async def _digest_chat(sessions: async_sessionmaker, clock: FakeClock, chat_id: int) -> int:
    chat = await make_chat(sessions, clock(), chat_id, digest_hour=18)
    await subscribe(sessions, chat, "informatique", clock())
    return chat


async def _long_offers(sessions: async_sessionmaker, clock: FakeClock, count: int) -> list[int]:
    """Offers of distinct employers whose titles, employers and corps are all long."""
    return [
        await make_offer(
            sessions,
            clock(),
            title=f"Chef de projet informatique n°{n} " + "systèmes d'information " * 8,
            employer=f"Direction {n} " + "des services numériques " * 7,
            corps=f"Corps {n} " + "des ingénieurs territoriaux " * 6,
            reference=f"L-{n}",
        )
        for n in range(count)
    ]


async def _alert_statuses(sessions: async_sessionmaker, chat: int) -> list[str]:
    return [r.status for r in await outbox(sessions, "alert") if r.chat_id == chat]


async def test_a_long_digest_is_split_and_its_alerts_are_included_once_it_is_sent(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    chat = await _digest_chat(sessions, clock, 1)
    offers = await _long_offers(sessions, clock, 15)
    await enqueue_alerts(sessions=sessions, offer_ids=offers, clock=clock, zone=NOUMEA)
    clock.now = DIGEST_TIME
    assert await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA) == 1
    # Gathered, not done: nothing is "included" before the digest is out.
    assert set(await _alert_statuses(sessions, chat)) == {"in_digest"}

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    assert (report.sent, report.failed) == (1, 0)
    parts = api.sent_messages(1)
    assert len(parts) >= 2  # over 4096 characters: split between lines, like every reply
    text = "\n".join(part.text for part in parts)
    assert "15 nouvelles offres" in text
    assert all(f"Chef de projet informatique n°{n} " in text for n in range(10))
    assert "… et 5 autres offres" in text
    assert [p.reply_markup is not None for p in parts] == [False] * (len(parts) - 1) + [True]
    assert set(await _alert_statuses(sessions, chat)) == {"included"}


async def test_a_digest_interrupted_mid_way_resumes_without_repeating_its_parts(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    await _digest_chat(sessions, clock, 1)
    offers = await _long_offers(sessions, clock, 12)
    await enqueue_alerts(sessions=sessions, offer_ids=offers, clock=clock, zone=NOUMEA)
    clock.now = DIGEST_TIME
    await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA)

    def fail_after_first(call: Call, result: Any) -> None:
        if call.method == "sendMessage" and len(api.sent_messages(1)) == 1:
            api.fail_next("sendMessage", 502, "Bad Gateway")

    api.on_accept.append(fail_after_first)
    first = await deliver_due(sessions=sessions, sender=sender, clock=clock)
    api.on_accept.clear()
    assert first.retried == 1
    (digest,) = await outbox(sessions, "digest:")
    assert (digest.status, digest.payload["parts_sent"]) == ("pending", 1)

    clock.now = DIGEST_TIME.replace(minute=5)
    second = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    assert second.sent == 1
    texts = [part.text for part in api.sent_messages(1)]
    assert len(texts) == len(set(texts))  # no part twice
    assert texts[0].startswith("📬 Votre sélection du jour")
    assert "Chef de projet informatique n°9 " in texts[-1]


async def test_a_refused_digest_gives_its_alerts_to_the_next_one(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    chat = await _digest_chat(sessions, clock, 1)
    offer = await make_offer(sessions, clock(), reference="R-1")
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    clock.now = DIGEST_TIME
    await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA)
    api.fail_next("sendMessage", 400, "Bad Request: can't parse entities")

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    assert report.failed == 1
    assert await _alert_statuses(sessions, chat) == ["held"]  # not lost in a failed digest
    clock.now = NEXT_DIGEST_TIME
    assert await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA) == 1
    await deliver_due(sessions=sessions, sender=sender, clock=clock)
    (message,) = api.sent_messages(1)
    assert "1 nouvelle offre" in message.text
    assert await _alert_statuses(sessions, chat) == ["included"]


async def test_a_digest_shows_ten_offers_and_two_per_employer(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    await _digest_chat(sessions, clock, 1)
    south = [
        await make_offer(
            sessions, clock(), title=f"Technicien informatique {n}", reference=f"S-{n}"
        )
        for n in range(5)
    ]
    others = [
        await make_offer(
            sessions,
            clock(),
            title=f"Analyste informatique {n}",
            employer=f"Mairie de Commune{n}",
            reference=f"M-{n}",
        )
        for n in range(12)
    ]
    await enqueue_alerts(sessions=sessions, offer_ids=south + others, clock=clock, zone=NOUMEA)
    clock.now = DIGEST_TIME
    await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA)

    await deliver_due(sessions=sessions, sender=sender, clock=clock)

    (message,) = api.sent_messages(1)
    assert "17 nouvelles offres" in message.text
    assert [f"Technicien informatique {n}" in message.text for n in range(5)] == [True] * 2 + [
        False
    ] * 3
    assert "… et 3 autres offres de la Province Sud" in message.text
    assert sum(f"Analyste informatique {n}" in message.text for n in range(12)) == 8
    assert "… et 4 autres offres : /offres pour les voir toutes." in message.text
    assert len([b for row in message.reply_markup["inline_keyboard"] for b in row]) == 10


async def test_a_digest_of_nothing_left_is_never_sent(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    chat = await _digest_chat(sessions, clock, 1)
    offer = await make_offer(sessions, clock(), reference="N-1")
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    async with sessions() as session, session.begin():
        await decide(session=session, chat_id=chat, offer_id=offer, decision=DISMISSED, now=clock())
    clock.now = DIGEST_TIME
    await enqueue_digests(sessions=sessions, clock=clock, zone=NOUMEA)

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    assert report.dropped == 1
    assert api.sent_messages(1) == []
    assert await _alert_statuses(sessions, chat) == ["dropped"]
