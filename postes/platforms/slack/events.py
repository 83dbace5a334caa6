"""Events: direct messages, the app leaving a channel, and the app being uninstalled.

Leaving a channel forgets that channel (subscriptions, follows, pending messages); an
uninstall (`app_uninstalled`, or `tokens_revoked` for the bot token) forgets the whole
workspace, its installation included.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp

from postes.conversation import lifecycle, messages
from postes.conversation.free_text import read_free_text
from postes.conversation.offers import offers_reply
from postes.conversation.replies import Reply
from postes.conversation.subscribe_flow import pending_keywords_answer
from postes.platforms.slack import home, ids
from postes.platforms.slack.caller import Caller, Deps
from postes.platforms.slack.commands import MayManage, answer_command, spelled, split_command
from postes.platforms.slack.permissions import may_manage
from postes.storage.chats import delete_workspace_chats

logger = logging.getLogger(__name__)

# Called with a team id after its chats are gone: the installation store forgets it too.
ForgetInstallation = Callable[[str], Awaitable[None]]
# Posts a reply in the caller's conversation (through the shared per-channel spacing).
Post = Callable[[Any, Caller, Reply], Awaitable[None]]

# The events listened to below, as slack-manifest.yml subscribes to them (message.im: DMs).
BOT_EVENTS = (
    "app_home_opened",
    "app_uninstalled",
    "channel_left",
    "group_left",
    "member_joined_channel",
    "member_left_channel",
    "message.im",
    "tokens_revoked",
)


def is_direct_text(event: dict[str, Any]) -> bool:
    """A person's own text in a direct message with the app (not edits, joins or bots)."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and isinstance(event.get("text"), str)
    )


async def answer_direct_message(
    deps: Deps, caller: Caller, text: str, may_manage: MayManage
) -> Reply:
    """A direct message is read as on Telegram in private: first as the keywords the chat
    owes us, then as a command without `/postes` (`offres attaché`), else as a search."""
    chat = caller.chat
    pending = await pending_keywords_answer(
        sessions=deps.sessions, chat=chat, typed=text, now=deps.now(), today=deps.today()
    )
    if pending is not None:
        return pending
    wanted = read_free_text(text)
    if wanted.kind == "command" and split_command(wanted.command)[0] is not None:
        return await answer_command(deps, caller, f"{wanted.command} {wanted.rest}", may_manage)
    if wanted.kind == "search":
        return await offers_reply(
            sessions=deps.sessions, chat=chat, query_text=wanted.rest, page=1, today=deps.today()
        )
    return Reply(messages.free_text_private())


async def forget_channel(deps: Deps, team: str, channel: str) -> None:
    """The app left (or was removed from) a channel: forget it."""
    await lifecycle.forget(sessions=deps.sessions, chat=ids.chat_ref(team, channel))
    logger.info("slack channel %s of %s forgotten: the app left it", channel, team)


async def forget_workspace(deps: Deps, team: str, forget_installation: ForgetInstallation) -> int:
    """The app was uninstalled: every chat of the workspace, then its installation."""
    async with deps.sessions() as session, session.begin():
        count = await delete_workspace_chats(session=session, platform=ids.PLATFORM, workspace=team)
    await forget_installation(team)
    logger.info("slack workspace %s uninstalled: %d chats forgotten", team, count)
    return count


def register_events(
    app: AsyncApp, deps: Deps, post: Post, forget_installation: ForgetInstallation
) -> None:
    """Listen to direct messages, the Home tab, leaving channels and uninstalls."""

    @app.event("message")
    @spelled
    async def on_message(event: dict[str, Any], body: dict[str, Any], client: Any) -> None:
        if not is_direct_text(event):
            return
        caller = deps.caller(body["team_id"], event["channel"], event["user"])
        reply = await answer_direct_message(
            deps, caller, event["text"], lambda: may_manage(client, caller)
        )
        await post(client, caller, reply)

    @app.event("app_home_opened")
    @spelled
    async def on_home(event: dict[str, Any], body: dict[str, Any], client: Any) -> None:
        if event.get("tab") != "home":
            return
        caller = deps.caller(body["team_id"], event.get("channel") or "", event["user"])
        await home.publish(deps, client, caller)

    @app.event("channel_left")
    async def on_channel_left(event: dict[str, Any], body: dict[str, Any]) -> None:
        await forget_channel(deps, body["team_id"], event["channel"])

    @app.event("group_left")
    async def on_group_left(event: dict[str, Any], body: dict[str, Any]) -> None:
        await forget_channel(deps, body["team_id"], event["channel"])

    @app.event("member_left_channel")
    async def on_member_left(event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
        if event.get("user") and event["user"] == context.get("bot_user_id"):
            await forget_channel(deps, body["team_id"], event["channel"])

    @app.event("member_joined_channel")
    async def on_member_joined(event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
        if event.get("user") and event["user"] == context.get("bot_user_id"):
            # Invited back after a delivery found it out of the channel: alerts resume.
            chat = ids.chat_ref(body["team_id"], event["channel"])
            await lifecycle.reactivate(sessions=deps.sessions, chat=chat)

    @app.event("app_uninstalled")
    async def on_uninstalled(body: dict[str, Any]) -> None:
        await forget_workspace(deps, body["team_id"], forget_installation)

    @app.event("tokens_revoked")
    async def on_revoked(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tokens", {}).get("bot"):  # a user's token alone changes nothing here
            await forget_workspace(deps, body["team_id"], forget_installation)
