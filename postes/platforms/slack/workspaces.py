"""Where a workspace's bot token comes from: the configuration, or its OAuth installation.

Both the bolt app (to authorize requests) and the sender (to post alerts) ask here, so a
workspace that uninstalled the app stops being served by both at once.
"""

from __future__ import annotations

from typing import Protocol

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient


class Workspaces(Protocol):
    """Bot tokens by workspace (team id)."""

    async def bot_token(self, team_id: str) -> str | None:
        """The workspace's bot token, or None when the app is not installed there."""
        ...

    async def forget(self, team_id: str) -> None:
        """The app was uninstalled from the workspace: drop what we keep about it."""
        ...


class ConfiguredToken:
    """A single-workspace bot token from the configuration (`[slack] bot_token`)."""

    def __init__(self, token: str) -> None:
        self.token = token

    async def bot_token(self, team_id: str) -> str | None:
        return self.token

    async def forget(self, team_id: str) -> None:
        """Nothing stored: the token itself was revoked by Slack."""


class Authorizer:
    """bolt's `authorize`: the workspace's token and its bot identity (auth.test, cached)."""

    def __init__(self, workspaces: Workspaces, client: AsyncWebClient) -> None:
        self.workspaces = workspaces
        self.client = client
        self._known: dict[str, AuthorizeResult] = {}

    async def __call__(
        self, enterprise_id: str | None, team_id: str | None
    ) -> AuthorizeResult | None:
        token = await self.workspaces.bot_token(team_id or "")
        if token is None:
            return None
        if token not in self._known:
            try:
                found = await self.client.auth_test(token=token)
            except SlackApiError:
                return None
            self._known[token] = AuthorizeResult(
                enterprise_id=found.get("enterprise_id") or enterprise_id,
                team_id=found.get("team_id"),
                team=found.get("team"),
                url=found.get("url"),
                bot_user_id=found.get("user_id"),
                bot_id=found.get("bot_id"),
                bot_token=token,
            )
        return self._known[token]

    def forget_team(self, team_id: str) -> None:
        """Drop the cached identity of an uninstalled workspace."""
        self._known = {k: v for k, v in self._known.items() if v.team_id != team_id}
