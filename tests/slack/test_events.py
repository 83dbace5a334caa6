"""Events: uninstalling forgets the workspace, leaving a channel forgets it, DMs, App Home."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.storage.chats import deactivate_chat, get_chat_by_external_id, get_or_create_chat
from postes.storage.models import ChatRow, SubscriptionRow
from tests.bot.conftest import make_offer, seed
from tests.slack.conftest import CHANNEL, CREATOR, MEMBER, TEAM
from tests.slack.harness import SlackClient, buttons, find_button, texts
from tests.slackapi import signed
from tests.waiting import until


async def _count(sessions: async_sessionmaker, model: type) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _chats(sessions: async_sessionmaker) -> list[str]:
    """`workspace:channel` of every chat (`:42` for Telegram's)."""
    async with sessions() as session:
        rows = (await session.execute(select(ChatRow.workspace, ChatRow.external_id))).all()
    return sorted(f"{workspace}:{external}" for workspace, external in rows)


async def _subscribed_everywhere(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await slack_app.command("abonner informatique", channel=CHANNEL, user=CREATOR)
    await slack_app.command("abonner juriste", channel=f"D{MEMBER}", user=MEMBER)
    async with sessions() as session, session.begin():  # another workspace, and Telegram
        await get_or_create_chat(
            session=session,
            platform="slack",
            workspace="T0AUTRE",
            external_id="C1",
            kind="group",
            now=clock(),
        )
        await get_or_create_chat(
            session=session, platform="telegram", external_id="42", kind="private", now=clock()
        )


async def test_uninstall_deletes_the_workspace_data(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await _subscribed_everywhere(slack_app, sessions, clock)
    assert await _count(sessions, SubscriptionRow) == 2
    response = await slack_app.event({"type": "app_uninstalled", "event_ts": "1700000000.1"})
    assert response.status_code == 200
    await _eventually(lambda chats: chats == [":42", "T0AUTRE:C1"], sessions)
    assert await _count(sessions, SubscriptionRow) == 0


async def test_revoked_bot_token_deletes_the_workspace_data(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await _subscribed_everywhere(slack_app, sessions, clock)
    await slack_app.event({"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": []}})
    await slack_app.event({"type": "tokens_revoked", "tokens": {"bot": [f"UB{TEAM}"]}})
    await _eventually(lambda chats: chats == [":42", "T0AUTRE:C1"], sessions)


async def _eventually(condition: Callable[[list[str]], bool], sessions: async_sessionmaker) -> None:
    for _ in range(200):
        if condition(await _chats(sessions)):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"chats are still {await _chats(sessions)}")


async def test_leaving_a_channel_forgets_it(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await _subscribed_everywhere(slack_app, sessions, clock)
    await slack_app.event({"type": "channel_left", "channel": CHANNEL, "actor_id": CREATOR})
    await _eventually(lambda chats: f"{TEAM}:{CHANNEL}" not in chats, sessions)
    assert f"{TEAM}:D{MEMBER}" in await _chats(sessions)


async def test_direct_messages_work_like_a_private_chat(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await seed(sessions, clock, make_offer(1))
    state = slack_app.slack.state
    await slack_app.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": f"D{MEMBER}",
            "user": MEMBER,
            "text": "offres attaché",
            "ts": "1.1",
        }
    )
    await until(lambda: len(state.messages(f"D{MEMBER}")) == 1)
    [answer] = state.messages(f"D{MEMBER}")
    assert "Chargé de mission n°1" in (answer.text or "")
    await slack_app.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": f"D{MEMBER}",
            "user": MEMBER,
            "text": "bonjour",
            "ts": "1.2",
        }
    )
    await until(lambda: len(state.messages(f"D{MEMBER}")) == 2)
    assert "Écrivez-moi quelques mots" in (state.messages(f"D{MEMBER}")[1].text or "")
    assert "/postes offres" in (state.messages(f"D{MEMBER}")[1].text or "")
    await slack_app.event(
        {"type": "message", "channel_type": "im", "channel": f"D{MEMBER}", "user": MEMBER,
         "text": "chargé de mission", "ts": "1.25"}
    )  # fmt: skip
    await until(lambda: len(state.messages(f"D{MEMBER}")) == 3)
    assert "Chargé de mission n°1" in (state.messages(f"D{MEMBER}")[2].text or "")  # a search
    # Our own messages come back as events too: never answered.
    await slack_app.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": f"D{MEMBER}",
            "user": f"UB{TEAM}",
            "bot_id": f"B{TEAM}",
            "text": "offres",
            "ts": "1.3",
        }
    )
    await slack_app.command("aide", channel=f"D{MEMBER}", user=MEMBER)  # a later request
    assert len(state.messages(f"D{MEMBER}")) == 3


async def test_app_home_shows_subscriptions_and_deadlines_with_buttons(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await seed(sessions, clock, make_offer(1, title="Juriste informatique"))
    await slack_app.command("abonner informatique", channel=f"D{MEMBER}", user=MEMBER)
    state = slack_app.slack.state
    await slack_app.event(
        {"type": "app_home_opened", "user": MEMBER, "channel": f"D{MEMBER}", "tab": "home"}
    )
    await until(lambda: len(state.views) == 1)
    view = state.views[0]["view"]
    assert view["type"] == "home"
    shown = texts(view)
    assert "informatique" in shown
    assert "Juriste informatique" in shown
    assert any(v.startswith("sub:pause:") for v in buttons(view))
    assert any(v.startswith("off:") for v in buttons(view))


async def test_a_press_in_the_app_home_answers_in_the_dm_and_redraws_it(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await slack_app.command("abonner informatique", channel=f"D{MEMBER}", user=MEMBER)
    state = slack_app.slack.state
    await slack_app.event(
        {"type": "app_home_opened", "user": MEMBER, "channel": f"D{MEMBER}", "tab": "home"}
    )
    await until(lambda: len(state.views) == 1)
    view = state.views[0]["view"]
    pause = next(v for v in buttons(view) if v.startswith("sub:pause:"))
    block_id, action_id = find_button(view, pause)
    body = signed.home_action(pause, team=TEAM, user=MEMBER, view=view, block_id=block_id,
                              action_id=action_id)  # fmt: skip
    assert (await slack_app.post(body)).status_code == 200
    await until(lambda: len(state.views) == 2)
    [said] = state.messages(f"D{MEMBER}")
    assert "en pause" in (said.text or "")
    assert any(v.startswith("sub:resume:") for v in buttons(state.views[1]["view"]))
    async with sessions() as session:
        [row] = (await session.scalars(select(SubscriptionRow))).all()
    assert row.paused


async def test_the_app_invited_back_reactivates_the_channel(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await slack_app.command("abonner informatique", channel=CHANNEL, user=CREATOR)
    async with sessions() as session, session.begin():
        chat = await get_chat_by_external_id(
            session=session, platform="slack", workspace=TEAM, external_id=CHANNEL
        )
        assert chat is not None
        await deactivate_chat(session=session, chat_id=chat.id, now=clock())

    async def active() -> bool:
        async with sessions() as session:
            found = await get_chat_by_external_id(
                session=session, platform="slack", workspace=TEAM, external_id=CHANNEL
            )
            return bool(found and found.active)

    assert not await active()
    await slack_app.event({"type": "member_joined_channel", "user": MEMBER, "channel": CHANNEL})
    await slack_app.event(
        {"type": "member_joined_channel", "user": f"UB{TEAM}", "channel": CHANNEL}
    )
    for _ in range(100):
        if await active():
            break
        await asyncio.sleep(0.05)
    assert await active()
