"""`postes run`: Telegram and/or Slack, and the scheduler, in one event loop until a signal."""

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
from postes.platforms.slack.commands import slack_naming
from postes.platforms.slack.runtime import SlackFrontEnd
from postes.platforms.slack.web import RoutesServer
from postes.platforms.telegram.app import ALLOWED_UPDATES, build_application
from postes.platforms.telegram.sender import TelegramSender
from postes.platforms.telegram.webhook import WebhookServer
from postes.platforms.telegram.webhook_address import (
    AddressError,
    ListenAddress,
    listen_address,
    parse_listen,
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
    slack = (
        SlackFrontEnd(settings, sessions=sessions, clock=clock) if settings.slack.enabled else None
    )
    # Telegram runs when configured, and alone it keeps asking for its token.
    app = (
        build_application(settings, sessions=sessions, clock=clock)
        if (settings.telegram.token or slack is None)
        else None
    )
    # Each platform's messages go out through its own sender (and rate limiter), one outbox.
    senders = Senders()
    if app is not None:
        senders.add("telegram", TelegramSender(app.bot))
    if slack is not None:
        senders.add("slack", slack.sender, naming=slack_naming)
    scheduler = build_scheduler(sessions=sessions, settings=settings, sender=senders, clock=clock)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if app is not None:
        await _initialize(app, settings)
    servers: list[WebhookServer | RoutesServer] = []
    extra_routes = slack.routes(settings.http.max_body_bytes) if slack is not None else []
    try:
        if app is not None:
            if app.post_init:
                await app.post_init(app)
            await app.start()
            assert app.updater is not None  # built by ApplicationBuilder by default
        if app is not None and webhook_url:
            # setWebhook runs at every start, so a fresh secret works when none is set; the
            # server refuses requests that lack it.
            secret = settings.telegram.webhook_secret or secrets.token_urlsafe(32)
            server = WebhookServer(
                app,
                path=path,
                secret=secret,
                max_body_bytes=settings.http.max_body_bytes,
                routes=extra_routes,
            )
            extra_routes = []  # mounted beside the webhook
            _listen(server, address)
            servers.append(server)
            logger.info("webhook listening on %s for %s", address.url(path), webhook_url)
            if not address.is_loopback:
                logger.warning("webhook reachable beyond this machine, over plain HTTP")
            await _set_webhook(app, webhook_url, secret)
        elif app is not None and app.updater is not None:
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        if extra_routes:
            servers.append(_serve_slack(extra_routes, settings))
        if slack is not None:
            await slack.start()
        scheduler.start()
        if app is not None:
            logger.info(
                "bot @%s running (%s)", app.bot.username, "webhook" if webhook_url else "polling"
            )
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await scheduler.stop()
        if slack is not None:
            await slack.stop()
        for running in servers:
            await running.stop()
        if app is not None:
            if app.updater and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()


async def _initialize(app: Application, settings: Settings) -> None:
    try:
        await app.initialize()
    except InvalidToken:
        raise CommandError("jeton Telegram refusé par le serveur (vérifiez le jeton)") from None
    except NetworkError as error:
        raise CommandError(
            f"serveur Telegram injoignable ({settings.telegram.base_url}) : {error}"
        ) from None


def _serve_slack(routes: list, settings: Settings) -> RoutesServer:
    """Slack's /slack/events where `[http] listen` says, when no Telegram webhook serves it."""
    if not settings.http.listen:
        raise CommandError(
            'Slack en mode HTTP a besoin de [http] listen (ex. "127.0.0.1:3000"), '
            "ou de [slack] app_token pour le Socket Mode"
        )
    try:
        address = parse_listen(settings.http.listen)
    except AddressError as error:
        raise CommandError(f"[http] listen : {error}") from None
    server = RoutesServer(routes)
    _listen(server, address)
    logger.info("slack listening on %s", address.url("/slack/events"))
    return server


def _listen(server: WebhookServer | RoutesServer, address: ListenAddress) -> None:
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
