"""The Slack front end in `postes run`: the app, its sender, and how Slack reaches it.
It runs beside Telegram's (`platforms.telegram.front_end`) or alone.

With a signing secret and no app token, Slack POSTs to `/slack/events` on the process's web
server (`[http] listen`); with an app-level token (`xapp-…`) the app opens a Socket Mode
connection itself, for a workspace without a public URL. Either way one `AsyncWebClient` on
`[slack] api_url` makes every Web API call, and the sender shares the app's rate limiter.

Slack needs no updates lease: it spreads events over every Socket Mode connection, and HTTP
requests reach whichever replica the load balancer picks. Its `key` names the sender lease
when Slack runs alone: the workspace of the configured token (auth.test, which also checks
the token at start), or the OAuth app's client id.
"""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.commands import CommandError
from postes.config import ConfigError, Settings
from postes.jobs.leadership import Leadership
from postes.jobs.senders import Senders
from postes.platforms.slack.app import build_slack_app
from postes.platforms.slack.caller import Deps
from postes.platforms.slack.commands import slack_naming
from postes.platforms.slack.oauth import InstalledWorkspaces, installation_store, oauth_settings
from postes.platforms.slack.ratelimit import ChannelRateLimiter
from postes.platforms.slack.sender import SlackSender
from postes.platforms.slack.web import slack_routes
from postes.platforms.slack.workspaces import ConfiguredToken, Workspaces
from postes.web.server import Route

logger = logging.getLogger(__name__)


NO_ADDRESS = (
    'Slack en mode HTTP a besoin de [http] listen (ex. "127.0.0.1:3000"), '
    "ou de [slack] app_token pour le Socket Mode"
)


class SlackFrontEnd:
    """Everything `postes run` needs from Slack."""

    platform = "slack"
    polls = False  # no updates lease (see the module's docstring)

    def __init__(self, settings: Settings, *, sessions: async_sessionmaker, clock: Clock) -> None:
        slack = settings.slack
        if not slack.enabled:
            raise ConfigError("Slack n'est pas configuré : [slack] bot_token ou client_id")
        self.settings = slack
        self.client = AsyncWebClient(base_url=slack.api_url)
        oauth = None
        workspaces: Workspaces
        if slack.oauth:
            engine = sessions.kw["bind"]
            store = installation_store(slack, engine)
            workspaces = InstalledWorkspaces(store)
            oauth = oauth_settings(slack, store, engine)
        else:
            assert slack.bot_token is not None
            workspaces = ConfiguredToken(slack.bot_token)
        self.limiter = ChannelRateLimiter()
        self.app = build_slack_app(
            deps=Deps(
                sessions=sessions,
                clock=clock,
                zone=settings.timezone,
                reminder_days=settings.schedule.reminder_days,
            ),
            client=self.client,
            signing_secret=slack.signing_secret,
            workspaces=workspaces,
            limiter=self.limiter,
            oauth_settings=oauth,
        )
        self.sender = SlackSender(self.client, workspaces, self.limiter)
        self._socket: AsyncSocketModeHandler | None = None
        self.key = f"slack:{slack.client_id}" if slack.oauth else ""  # a token's: at open()

    @property
    def name(self) -> str:
        return f"Slack {self.key.removeprefix('slack:')}"

    def add_sender(self, senders: Senders) -> None:
        senders.add(self.platform, self.sender, naming=slack_naming)

    async def open(self) -> None:
        """Check the configured bot token (auth.test) and learn its workspace."""
        if self.settings.oauth:
            return
        try:
            found = await self.client.auth_test(token=self.settings.bot_token)
        except SlackApiError as error:
            raise CommandError(
                f"jeton Slack refusé ([slack] bot_token) : {error.response.get('error')}"
            ) from None
        except (SlackClientError, OSError) as error:
            raise CommandError(
                f"API Slack injoignable ({self.settings.api_url}) : {error}"
            ) from None
        self.key = f"slack:{found['team_id']}"

    @property
    def socket_mode(self) -> bool:
        return bool(self.settings.app_token)

    def routes(self, max_body: int) -> list[Route]:
        """What to mount on the web server (nothing in Socket Mode)."""
        return [] if self.socket_mode else slack_routes(self.app, max_body=max_body)

    async def start(self, *, leadership: Leadership, serving: bool) -> None:
        """Open the Socket Mode connection when configured so (HTTP mode: the web server
        serves the routes already)."""
        if serving and self.socket_mode:
            self._socket = AsyncSocketModeHandler(
                self.app, self.settings.app_token, web_client=self.client
            )
            await self._socket.connect_async()
            logger.info("slack connected in Socket Mode")

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
