"""The Telegram front end in `postes run`: the PTB application, its sender, and how updates
reach it (long polling while leading the bot's updates lease, or a webhook route on the web
server, registered with Telegram once the server listens)."""

from __future__ import annotations

import asyncio
import secrets

from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram.error import InvalidToken, NetworkError, TelegramError

from postes.clock import Clock
from postes.commands import CommandError
from postes.config import Settings
from postes.jobs.leadership import Leadership
from postes.jobs.senders import Senders
from postes.platforms.telegram.app import ALLOWED_UPDATES, build_application
from postes.platforms.telegram.dedupe import install_update_dedupe
from postes.platforms.telegram.roles import bot_id_of, follow_updates_lease, share_token_budget
from postes.platforms.telegram.sender import TelegramSender
from postes.platforms.telegram.webhook import webhook_route
from postes.platforms.telegram.webhook_address import webhook_path
from postes.web.server import Route


class TelegramFrontEnd:
    """Everything `postes run` needs from Telegram."""

    platform = "telegram"

    def __init__(
        self,
        settings: Settings,
        *,
        sessions: async_sessionmaker,
        clock: Clock,
        webhook_url: str | None,
    ) -> None:
        self.settings = settings.telegram
        self.sessions = sessions
        self.bot_id = bot_id_of(settings)
        # The bot's id names its leases ("sender:<id>", "updates:<id>").
        self.key = str(self.bot_id)
        self.webhook_url = webhook_url
        self.app = build_application(settings, sessions=sessions, clock=clock)
        install_update_dedupe(self.app, sessions=sessions, clock=clock, bot_id=self.bot_id)
        # setWebhook runs at every start, so a fresh secret works when none is set; the
        # server refuses requests that lack it.
        self.secret = settings.telegram.webhook_secret or secrets.token_urlsafe(32)
        self._following: asyncio.Task[None] | None = None

    @property
    def polls(self) -> bool:
        """Long polling: one process at a time (two get 409 Conflict), hence a lease."""
        return not self.webhook_url

    @property
    def name(self) -> str:
        return f"Telegram @{self.app.bot.username}"

    def add_sender(self, senders: Senders) -> None:
        senders.add(self.platform, TelegramSender(self.app.bot))

    def routes(self, max_body: int) -> list[Route]:
        if not self.webhook_url:
            return []
        path = webhook_path(self.webhook_url)
        return [webhook_route(self.app, path=path, secret=self.secret, max_body_bytes=max_body)]

    async def open(self) -> None:
        """Check the token with Telegram (getMe) and start handling queued updates."""
        try:
            await self.app.initialize()
        except InvalidToken:
            raise CommandError("jeton Telegram refusé par le serveur (vérifiez le jeton)") from None
        except NetworkError as error:
            raise CommandError(
                f"serveur Telegram injoignable ({self.settings.base_url}) : {error}"
            ) from None
        try:
            if self.app.post_init:
                await self.app.post_init(self.app)
            await self.app.start()
        except BaseException:
            await self.app.shutdown()
            raise

    async def start(self, *, leadership: Leadership, serving: bool) -> None:
        """Take updates: register the webhook (the server already listens), or long-poll
        while this process leads the bot's updates lease. Whatever the roles, this process's
        sends keep to its share of the token's 30/s from now on (`telegram.budget`)."""
        budget = share_token_budget(
            self.app,
            leadership,
            sessions=self.sessions,
            bot_id=self.bot_id,
            reply_share=self.settings.reply_share_per_second,
        )
        if budget is not None:  # the first beat is past: count from it, not the next one
            await budget.refresh(leadership.clock())
        if not serving:
            return
        if self.webhook_url:
            try:
                await self.app.bot.set_webhook(
                    url=self.webhook_url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES
                )
            except TelegramError as error:
                raise CommandError(
                    f"webhook {self.webhook_url} refusé par Telegram : {error.message}"
                ) from None
        else:
            self._following = asyncio.create_task(
                follow_updates_lease(self.app, leadership, self.bot_id)
            )

    async def stop(self) -> None:
        if self._following is not None:
            self._following.cancel()
            await asyncio.gather(self._following, return_exceptions=True)
            self._following = None
        if self.app.updater and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
