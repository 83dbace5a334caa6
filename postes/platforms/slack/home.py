"""The App Home tab: the person's subscriptions and the deadlines ahead, with buttons.

It shows the person's own chat (their direct messages with the app), the same lists as
`/postes abonnements` and `/postes echeances`; presses there answer in the direct messages
and redraw the tab. The DM channel rides in the view's `private_metadata`.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from postes.conversation.deadlines import deadlines_reply
from postes.conversation.subscriptions import subscriptions_reply
from postes.platforms.slack.caller import Caller, Deps
from postes.platforms.slack.render import blocks

VIEW_BLOCKS = 100
_HALF = 48  # each list gets at most this many blocks, the header and divider the rest


def channel_of(view: dict[str, Any]) -> str:
    """The DM channel a Home view belongs to."""
    return str(view.get("private_metadata") or "")


async def home_view(deps: Deps, caller: Caller) -> dict[str, Any]:
    """The Home tab of `caller`."""
    chat = caller.chat
    subscriptions = await subscriptions_reply(sessions=deps.sessions, chat=chat)
    deadlines = await deadlines_reply(sessions=deps.sessions, chat=chat, today=deps.today())
    content: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Postes — vos alertes"}},
        *blocks(subscriptions, part="s", max_blocks=_HALF),
        {"type": "divider"},
        *blocks(deadlines, part="d", max_blocks=_HALF),
    ]
    return {"type": "home", "private_metadata": caller.channel, "blocks": content[:VIEW_BLOCKS]}


async def publish(deps: Deps, client: AsyncWebClient, caller: Caller) -> None:
    """Draw (or redraw) the person's Home tab."""
    await client.views_publish(user_id=caller.user, view=await home_view(deps, caller))
