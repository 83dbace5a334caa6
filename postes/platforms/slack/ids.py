"""How Slack conversations are named in our chats table.

A channel id is unique only inside its workspace, so a Slack chat's external id is
`<team id>:<channel id>` (`T0123:C0456`): one key for lookups, and a workspace's chats are
those whose id starts with `<team id>:`, which is how uninstalling finds them.
"""

from __future__ import annotations

from postes.conversation.common import ChatRef

PLATFORM = "slack"


def external_id(team_id: str, channel_id: str) -> str:
    """`T0123:C0456`."""
    return f"{team_id}:{channel_id}"


def split(external: str) -> tuple[str, str]:
    """(team id, channel id) of a Slack chat's external id."""
    team_id, _, channel_id = external.partition(":")
    return team_id, channel_id


def chat_ref(team_id: str, channel_id: str, *, title: str | None = None) -> ChatRef:
    """The chat a Slack conversation is: `D…` direct messages are private, the rest channels.

    Slack channels and private channels (`C…`, `G…`) are shared, like Telegram groups; only
    their creator or a workspace admin changes what they subscribe to (see `permissions`).
    """
    kind = "private" if channel_id.startswith("D") else "group"
    return ChatRef(
        platform=PLATFORM,
        external_id=external_id(team_id, channel_id),
        kind=kind,
        title=title,
    )
