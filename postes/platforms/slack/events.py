"""Events: direct messages, the app leaving a channel, and the app being uninstalled.

Leaving a channel forgets that channel (subscriptions, follows, pending messages); an
uninstall (`app_uninstalled`, or `tokens_revoked` for the bot token) forgets the whole
workspace, its installation included.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from postes.conversation import lifecycle, messages
from postes.conversation.replies import Reply
from postes.platforms.slack import ids
from postes.platforms.slack.caller import Caller, Deps
from postes.platforms.slack.commands import MayManage, answer_command, split_command
from postes.storage.chats import delete_workspace_chats

logger = logging.getLogger(__name__)

# Called with a team id after its chats are gone: the installation store forgets it too.
ForgetInstallation = Callable[[str], Awaitable[None]]


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
    """A direct message reads like a command typed without `/postes` (`offres attaché`)."""
    key, _ = split_command(text)
    if key is None:
        return Reply(messages.free_text())
    return await answer_command(deps, caller, text, may_manage)


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
