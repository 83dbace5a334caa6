"""Who may change a shared channel's subscriptions and settings.

Rule: in a direct message, the person; in a channel, its creator or a workspace admin or
owner. Slack tells apps who created a channel (`conversations.info`) and who administers the
workspace (`users.info`), but not who "manages" a channel (that role is only visible to
Enterprise admin APIs). The creator is the nearest thing to Telegram's group administrator,
and admins can always step in, e.g. when the creator has left. Everyone may search, read the
list and their deadlines.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from postes.platforms.slack.caller import Caller

logger = logging.getLogger(__name__)

ONLY_MANAGERS = (
    "Désolé, seuls la personne qui a créé ce canal et les administrateurs de l'espace de "
    "travail peuvent modifier ses abonnements et ses réglages. Vous pouvez aussi m'écrire en "
    "message direct pour recevoir vos propres alertes."
)


NOT_A_MEMBER = (
    "⚠️ Je ne suis pas membre de ce canal : invitez-moi (/invite @postes) pour que les "
    "alertes y arrivent."
)


async def bot_is_member(client: AsyncWebClient, caller: Caller) -> bool:
    """Whether the app can post in the caller's conversation (a DM always can)."""
    if caller.is_direct:
        return True
    try:
        found = await client.conversations_info(channel=caller.channel)
    except SlackApiError as error:
        logger.info("cannot read channel %s: %s", caller.channel, error)
        return False
    return bool(found["channel"].get("is_member"))


async def may_manage(client: AsyncWebClient, caller: Caller) -> bool:
    """True when `caller` may change the subscriptions and settings of its conversation."""
    if caller.is_direct:
        return True
    try:
        channel = await client.conversations_info(channel=caller.channel)
        if channel["channel"].get("creator") == caller.user:
            return True
        user = await client.users_info(user=caller.user)
    except SlackApiError as error:
        logger.info("cannot check rights of %s in %s: %s", caller.user, caller.channel, error)
        return False
    return bool(user["user"].get("is_admin") or user["user"].get("is_owner"))
