"""How Slack conversations are named in our chats table.

A channel id (`C0456`, `D0789` for direct messages) is unique only inside its workspace
(`T0123`): a Slack chat is (platform "slack", workspace = team id, external id = channel id).
"""

from __future__ import annotations

from postes.conversation.common import ChatRef
from postes.storage.chats import DEFAULT_REMINDER_DAYS

PLATFORM = "slack"


def channel_key(team_id: str, channel_id: str) -> str:
    """`T0123:C0456`: one name per channel across workspaces (rate limits, logs)."""
    return f"{team_id}:{channel_id}"


def chat_ref(
    team_id: str,
    channel_id: str,
    *,
    title: str | None = None,
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS,
) -> ChatRef:
    """The chat a Slack conversation is: `D…` direct messages are private, the rest shared.

    Channels and private channels (`C…`, `G…`) are shared, like Telegram groups; only their
    creator or a workspace admin changes what they subscribe to (see `permissions`).
    """
    kind = "private" if channel_id.startswith("D") else "group"
    return ChatRef(
        platform=PLATFORM,
        external_id=channel_id,
        kind=kind,
        title=title,
        workspace=team_id,
        reminder_days=reminder_days,
    )
