"""`postes run`: the Telegram bot, Slack when configured, the scheduler and the web server in
one event loop until a signal. The web server (webhook, Slack's /slack/events, /healthz,
/readyz, /metrics) runs when there is a webhook or an address to listen on (`--listen`,
`[http] listen`); Slack in HTTP mode needs one, in Socket Mode it connects out.

`--role` (`platforms.telegram.roles`) splits the work among processes; each runs the jobs of
its roles only while it leads them (`jobs.leadership`). On a SQLite file only one process
may have the scheduler or sender role (`jobs.role_locks`)."""

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
from postes.jobs.leadership import sender_lease
from postes.jobs.role_locks import RoleTaken, hold_role_locks
from postes.jobs.scheduler import build_scheduler
from postes.jobs.senders import Senders
from postes.platforms.slack.commands import slack_naming
from postes.platforms.slack.runtime import SlackFrontEnd
from postes.platforms.telegram.app import ALLOWED_UPDATES, build_application
from postes.platforms.telegram.dedupe import install_update_dedupe
from postes.platforms.telegram.roles import (
    ROLES,
    bot_id_of,
    check_webhook_secret,
    follow_updates_lease,
    kick_new_leader,
    role_leadership,
)
from postes.platforms.telegram.sender import TelegramSender
from postes.platforms.telegram.webhook import webhook_route
from postes.platforms.telegram.webhook_address import (
    AddressError,
    ListenAddress,
    listen_address,
    parse_listen,
    webhook_path,
)
from postes.web.routes import build_web_server
from postes.web.server import Route, WebServer

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
    role: str = "all",
) -> None:
    """Serve updates (long polling, or a webhook) and run the jobs until `stop` or a signal.

    The web server listens on `listen`:`port` when given, else where `[http] listen` says,
    else (webhook only) on the loopback (see `postes.platforms.telegram.webhook_address`).
    Bot replies and scheduled alerts share the application's bot, hence one rate limiter.
    """
    roles = ROLES[role]
    webhook_url = webhook_url if "updates" in roles else None
    if webhook_url:
        check_webhook_secret(settings)
    try:
        with hold_role_locks(settings.database_url, roles) as exclusive:
            await _run(
                settings,
                sessions=sessions,
                webhook_url=webhook_url,
                listen=listen,
                port=port,
                clock=clock,
                stop=stop or asyncio.Event(),
                roles=roles,
                exclusive=exclusive,
            )
    except RoleTaken as error:
        raise CommandError(str(error)) from None


async def _run(
    settings: Settings,
    *,
    sessions: async_sessionmaker,
    webhook_url: str | None,
    listen: str | None,
    port: int | None,
    clock: Clock,
    stop: asyncio.Event,
    roles: tuple[str, ...],
    exclusive: bool,
) -> None:
    try:
        path = webhook_path(webhook_url) if webhook_url else ""
        address = _web_address(webhook_url, listen, port, settings.http.listen)
    except AddressError as error:
        raise CommandError(str(error)) from None
    bot_id = bot_id_of(settings)
    leadership, led = role_leadership(
        sessions=sessions,
        clock=clock,
        roles=roles,
        bot_id=bot_id,
        webhook=bool(webhook_url),
        exclusive=exclusive,
    )
    app = build_application(settings, sessions=sessions, clock=clock)
    install_update_dedupe(app, sessions=sessions, clock=clock, bot_id=bot_id)
    # Each platform's messages go out through its own sender (and rate limiter), one outbox.
    senders = Senders().add("telegram", TelegramSender(app.bot))
    slack = (
        SlackFrontEnd(settings, sessions=sessions, clock=clock) if settings.slack.enabled else None
    )
    if slack is not None:
        senders.add("slack", slack.sender, naming=slack_naming)
    # Slack's requests are updates: served by the processes that take updates.
    slack_routes = (
        slack.routes(settings.http.max_body_bytes) if slack and "updates" in roles else []
    )
    if slack_routes and address is None:
        raise CommandError(
            'Slack en mode HTTP a besoin de [http] listen (ex. "127.0.0.1:3000"), '
            "ou de [slack] app_token pour le Socket Mode"
        )
    scheduler = build_scheduler(
        sessions=sessions,
        settings=settings,
        sender=senders,
        clock=clock,
        roles=roles,
        leadership=leadership,
        sender_lease=sender_lease(bot_id),
    )
    leadership.on_change.append(kick_new_leader(scheduler, bot_id))
    beats = asyncio.Event()
    beating: asyncio.Task[None] | None = None
    following: asyncio.Task[None] | None = None
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
    server: WebServer | None = None
    try:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None  # built by ApplicationBuilder by default
        # setWebhook runs at every start, so a fresh secret works when none is set; the
        # server refuses requests that lack it.
        secret = settings.telegram.webhook_secret or secrets.token_urlsafe(32)
        if address is not None:
            routes: list[Route] = []
            if webhook_url:
                routes.append(
                    webhook_route(
                        app, path=path, secret=secret, max_body_bytes=settings.http.max_body_bytes
                    )
                )
            routes.extend(slack_routes)
            server = build_web_server(
                settings,
                sessions=sessions,
                clock=clock,
                leadership=led,
                routes=routes,
                platforms=senders.platforms,
            )
            _listen(server, address)
            logger.info("web server listening on %s", address.url("/"))
            if not address.is_loopback:
                logger.warning("web server reachable beyond this machine, over plain HTTP")
        if webhook_url:
            assert address is not None  # a webhook always has an address
            logger.info("webhook listening on %s for %s", address.url(path), webhook_url)
            await _set_webhook(app, webhook_url, secret)
        if slack is not None and "updates" in roles:
            await slack.start()  # Socket Mode connects out; HTTP mode is served above
        await leadership.beat_once()  # leaders act at once, standbys wait
        if "updates" in roles and not webhook_url:
            following = asyncio.create_task(follow_updates_lease(app, leadership, bot_id))
        scheduler.start()
        beating = asyncio.create_task(leadership.run(beats))
        logger.info(
            "bot @%s running (roles %s; %s; worker %s)",
            app.bot.username,
            ",".join(roles),
            "webhook" if webhook_url else "polling when leading",
            leadership.worker_id,
        )
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await scheduler.stop()
        if following is not None:
            following.cancel()
        beats.set()
        if beating is not None:
            await beating
        await leadership.resign()
        if slack is not None:
            await slack.stop()
        if server is not None:
            await server.stop()
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


def _web_address(
    webhook_url: str | None, host: str | None, port: int | None, configured: str | None
) -> ListenAddress | None:
    """Where the web server listens; None: nowhere (polling, and no address given)."""
    if webhook_url:
        return listen_address(webhook_url, host=host, port=port, configured=configured)
    if host is not None and port is not None:
        return ListenAddress(host, port)
    if configured is None:
        return None
    try:
        return parse_listen(configured)
    except AddressError as error:
        raise AddressError(f"[http] listen : {error}") from None


def _listen(server: WebServer, address: ListenAddress) -> None:
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
