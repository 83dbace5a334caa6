"""`postes run`: the Telegram bot and the scheduler in one event loop until a signal."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal

from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from postes.clock import Clock, system_clock
from postes.commands import CommandError
from postes.config import Settings
from postes.jobs.scheduler import build_scheduler
from postes.jobs.senders import Senders
from postes.platforms.telegram.app import ALLOWED_UPDATES, build_application
from postes.platforms.telegram.sender import TelegramSender
from postes.platforms.telegram.webhook import WebhookServer
from postes.platforms.telegram.webhook_address import (
    AddressError,
    ListenAddress,
    listen_address,
    webhook_path,
)

logger = logging.getLogger(__name__)


async def run_bot(
    settings: Settings,
    *,
    sessions: async_sessionmaker,
    webhook_url: str | None = None,
    listen: str | None = None,
    port: int | None = None,
    clock: Clock = system_clock,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve updates (long polling, or a webhook) and run the jobs until `stop` or a signal.

    The webhook listens on `listen`:`port` when given, else where `[http] listen` says, else
    on the loopback (see `postes.platforms.telegram.webhook_address`). Bot replies and
    scheduled alerts share the application's bot, hence one rate limiter.
    """
    if webhook_url:
        try:
            path = webhook_path(webhook_url)
            address = listen_address(
                webhook_url, host=listen, port=port, configured=settings.http.listen
            )
        except AddressError as error:
            raise CommandError(str(error)) from None
    app = build_application(settings, sessions=sessions, clock=clock)
    # Each platform's messages go out through its own sender (and rate limiter).
    senders = Senders().add("telegram", TelegramSender(app.bot))
    scheduler = build_scheduler(sessions=sessions, settings=settings, sender=senders, clock=clock)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await app.initialize()
    except InvalidToken:
        raise CommandError("jeton Telegram refusé par le serveur (vérifiez le jeton)") from None
    except NetworkError as error:
        raise CommandError(
            f"serveur Telegram injoignable ({settings.telegram.base_url}) : {error}"
        ) from None
    server: WebhookServer | None = None
    try:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None  # built by ApplicationBuilder by default
        if webhook_url:
            # setWebhook runs at every start, so a fresh secret works when none is set; the
            # server refuses requests that lack it.
            secret = settings.telegram.webhook_secret or secrets.token_urlsafe(32)
            server = WebhookServer(
                app, path=path, secret=secret, max_body_bytes=settings.http.max_body_bytes
            )
            _listen(server, address)
            logger.info("webhook listening on %s for %s", address.url(path), webhook_url)
            if not address.is_loopback:
                logger.warning("webhook reachable beyond this machine, over plain HTTP")
            await _set_webhook(app, webhook_url, secret)
        else:
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        scheduler.start()
        logger.info(
            "bot @%s running (%s)", app.bot.username, "webhook" if webhook_url else "polling"
        )
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await scheduler.stop()
        if server is not None:
            await server.stop()
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


def _listen(server: WebhookServer, address: ListenAddress) -> None:
    # Bound before setWebhook, so that Telegram is never sent to an address we cannot serve.
    try:
        server.start(address.host, address.port)
    except OSError as error:
        raise CommandError(
            f"écoute impossible sur {address.host}:{address.port} : {error.strerror or error}"
            " (voir [http] listen ou --listen)"
        ) from None


async def _set_webhook(app: Application, url: str, secret: str) -> None:
    try:
        await app.bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
    except TelegramError as error:
        raise CommandError(f"webhook {url} refusé par Telegram : {error.message}") from None
