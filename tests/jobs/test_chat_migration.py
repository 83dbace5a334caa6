"""Issue 10, item 4: a group upgraded to a supergroup keeps its subscriptions and messages.

Through PTB and the Bot API double, which answers a migrated group as Telegram does (400
"group chat was upgraded to a supergroup chat" with `parameters.migrate_to_chat_id`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.deliver import deliver_due
from postes.jobs.localtime import NOUMEA
from postes.platforms.telegram.sender import TelegramSender
from postes.storage.chat_migration import move_chat
from postes.storage.chats import get_chat
from postes.storage.models import FollowRow, OutboxRow, SubscriptionRow
from tests.botapi.double import FakeBotApi
from tests.jobs.factories import follow, make_chat, make_offer, outbox, subscribe

GROUP, SUPERGROUP = -4001, -1004001


async def owned_by(sessions: async_sessionmaker, model: type, chat_id: int) -> int:
    async with sessions() as session:
        return len(list(await session.scalars(select(model).where(model.chat_id == chat_id))))


async def test_alert_to_an_upgraded_group_is_resent_to_the_supergroup_with_everything(
    sessions: async_sessionmaker, clock: FakeClock, sender: TelegramSender, api: FakeBotApi
) -> None:
    chat = await make_chat(sessions, clock(), GROUP, reminder_days=[3])
    await subscribe(sessions, chat, "informatique", clock())
    offer = await make_offer(sessions, clock())
    await follow(sessions, chat, offer, clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    api.upgrade_group(GROUP, SUPERGROUP)

    report = await deliver_due(sessions=sessions, sender=sender, clock=clock)

    assert (report.sent, report.failed, report.dropped) == (1, 0, 0)
    assert api.sent_messages(GROUP) == []
    (message,) = api.sent_messages(SUPERGROUP)
    assert "Nouvelle offre" in message.text
    async with sessions() as session:
        moved = await get_chat(session=session, chat_id=chat)
    assert moved is not None
    assert (moved.external_id, moved.active, moved.reminder_days) == (str(SUPERGROUP), True, [3])
    assert await owned_by(sessions, SubscriptionRow, chat) == 1
    assert await owned_by(sessions, FollowRow, chat) == 1
    assert [row.status for row in await outbox(sessions)] == ["sent"]


async def test_moving_into_a_chat_already_known_merges_without_sending_twice(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    old = await make_chat(sessions, clock(), GROUP)
    new = await make_chat(sessions, clock(), SUPERGROUP)  # someone wrote there first
    await subscribe(sessions, old, "informatique", clock())
    offer = await make_offer(sessions, clock())
    await follow(sessions, old, offer, clock())
    await follow(sessions, new, offer, clock())
    await subscribe(sessions, new, "informatique", clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    assert len(await outbox(sessions)) == 2  # one alert each

    async with sessions() as session, session.begin():
        await move_chat(
            session=session,
            platform="telegram",
            old_external_id=str(GROUP),
            new_external_id=str(SUPERGROUP),
        )
    async with sessions() as session, session.begin():  # again: nothing more happens
        await move_chat(
            session=session,
            platform="telegram",
            old_external_id=str(GROUP),
            new_external_id=str(SUPERGROUP),
        )

    async with sessions() as session:
        assert await get_chat(session=session, chat_id=old) is None
    assert await owned_by(sessions, SubscriptionRow, new) == 2
    assert await owned_by(sessions, FollowRow, new) == 1
    assert await owned_by(sessions, OutboxRow, new) == 1
    assert len(await outbox(sessions)) == 1
