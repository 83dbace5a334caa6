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

from postes.conversation import lifecycle
from postes.conversation.actions import typed_text
from postes.conversation.replies import Reply
from postes.platforms.slack import home, ids
from postes.platforms.slack.caller import Caller, Deps
from postes.platforms.slack.commands import spelled
from postes.platforms.slack.outcomes import Where, render
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
        who = deps.caller(body["team_id"], event["channel"], event["user"])
        outcomes = await typed_text(
            sessions=deps.sessions,
            caller=deps.core(who, lambda: may_manage(client, who)),
            text=event["text"],
        )

        async def post_here(reply: Reply) -> None:
            await post(client, who, reply)

        await render(Where(client, who.channel, who.user, post_here), outcomes)

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
