"""Installing the app in many workspaces: OAuth, with slack_sdk's SQLAlchemy stores.

slack_sdk's `AsyncSQLAlchemyInstallationStore` and `AsyncSQLAlchemyOAuthStateStore` run on
our own async engine (SQLite or PostgreSQL); their tables come from migration 0012. People
install from `/slack/install` (a page with the "Add to Slack" button); Slack sends them back
to `/slack/oauth_redirect`, where bolt exchanges the code (oauth.v2.access, at `api_url`) and
saves the installation. The bot token of each workspace is then read from the store.
"""

from __future__ import annotations

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from postes.config import SlackSettings
from postes.platforms.slack.web import INSTALL_PATH, REDIRECT_PATH

# What the app does: slash command, posting, reading its DMs and who may manage a channel.
SCOPES = (
    "commands",
    "chat:write",
    "im:history",
    "channels:read",
    "groups:read",
    "users:read",
)
STATE_SECONDS = 600


class InstalledWorkspaces:
    """`Workspaces` read from the installation store."""

    def __init__(self, store: AsyncSQLAlchemyInstallationStore) -> None:
        self.store = store

    async def bot_token(self, team_id: str) -> str | None:
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None

    async def forget(self, team_id: str) -> None:
        await self.store.async_delete_all(enterprise_id=None, team_id=team_id)


def installation_store(
    slack: SlackSettings, engine: AsyncEngine
) -> AsyncSQLAlchemyInstallationStore:
    assert slack.client_id is not None
    return AsyncSQLAlchemyInstallationStore(client_id=slack.client_id, engine=engine)


def oauth_settings(
    slack: SlackSettings, store: AsyncSQLAlchemyInstallationStore, engine: AsyncEngine
) -> AsyncOAuthSettings:
    """bolt's OAuth flow over our stores, at /slack/install and /slack/oauth_redirect."""
    return AsyncOAuthSettings(
        client_id=slack.client_id,
        client_secret=slack.client_secret,
        scopes=list(SCOPES),
        redirect_uri=slack.redirect_url,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine),
    )
