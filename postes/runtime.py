"""`postes run`: the Telegram bot and the scheduler in one event loop until a signal.

`--role` splits the work among processes: `updates` serves Telegram's updates (long polling
by the one process leading this bot's "updates" lease, or a webhook on every replica),
`scheduler` polls sources and enqueues timed messages, `sender` drains the outbox; `all`
(the default) does all three. Leadership among processes with a role is `jobs.leadership`;
on a SQLite file only one process may have the scheduler or sender role (`role_locks`).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from collections.abc import Callable

from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from postes.clock import Clock, system_clock
from postes.commands import CommandError
from postes.config import Settings
from postes.jobs.leadership import SCHEDULER, Leadership, sender_lease, updates_lease
from postes.jobs.role_locks import RoleTaken, hold_role_locks
from postes.jobs.scheduler import JobScheduler, build_scheduler
from postes.jobs.senders import Senders
from postes.platforms.telegram.app import ALLOWED_UPDATES, build_application
from postes.platforms.telegram.dedupe import install_update_dedupe
from postes.platforms.telegram.sender import TelegramSender
from postes.platforms.telegram.webhook import WebhookServer
from postes.platforms.telegram.webhook_address import (
    AddressError,
    ListenAddress,
    listen_address,
    webhook_path,
)
from postes.storage.db import is_sqlite

logger = logging.getLogger(__name__)

ROLES = {
    "all": ("updates", "scheduler", "sender"),
    "updates": ("updates",),
    "scheduler": ("scheduler",),
    "sender": ("sender",),
}


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

    The webhook listens on `listen`:`port` when given, else where `[http] listen` says, else
    on the loopback (see `postes.platforms.telegram.webhook_address`). Bot replies and
    scheduled alerts share the application's bot, hence one rate limiter.
    """
    roles = ROLES[role]
    if webhook_url and "updates" in roles:
        _check_webhook_secret(settings)
    try:
        with hold_role_locks(settings.database_url, roles) as exclusive:
            await _run(
                settings,
                sessions=sessions,
                webhook_url=webhook_url if "updates" in roles else None,
                listen=listen,
                port=port,
                clock=clock,
                stop=stop or asyncio.Event(),
                roles=roles,
                exclusive=exclusive,
            )
    except RoleTaken as error:
        raise CommandError(str(error)) from None


def _check_webhook_secret(settings: Settings) -> None:
    # Every replica registers the webhook at start: with a random secret each, Telegram
    # would keep only the last one's and the others would refuse every update. PostgreSQL
    # is where replicas run, so there the secret must be shared, hence configured.
    if not settings.telegram.webhook_secret and not is_sqlite(settings.database_url):
        raise CommandError(
            "webhook sur PostgreSQL : plusieurs processus peuvent le servir, ils doivent"
            " partager un secret : fixez [telegram] webhook_secret (ou"
            " POSTES_TELEGRAM_WEBHOOK_SECRET), le même pour tous"
        )


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
    if webhook_url:
        try:
            path = webhook_path(webhook_url)
            address = listen_address(
                webhook_url, host=listen, port=port, configured=settings.http.listen
            )
        except AddressError as error:
            raise CommandError(str(error)) from None
    assert settings.telegram.token is not None
    bot_id = int(settings.telegram.token.split(":", 1)[0])
    leases = [SCHEDULER] if "scheduler" in roles else []
    leases += [sender_lease(bot_id)] if "sender" in roles else []
    leases += [updates_lease(bot_id)] if "updates" in roles and not webhook_url else []
    # Leases of the roles a SQLite file lock gave this process alone (never "updates").
    locked = [SCHEDULER, sender_lease(bot_id)] if exclusive else []
    leadership = Leadership(
        sessions=sessions,
        clock=clock,
        roles=roles,
        leases=leases,
        exclusive=[name for name in leases if name in locked],
    )
    app = build_application(settings, sessions=sessions, clock=clock)
    install_update_dedupe(app, sessions=sessions, clock=clock, bot_id=bot_id)
    # Each platform's messages go out through its own sender (and rate limiter).
    senders = Senders().add("telegram", TelegramSender(app.bot))
    scheduler = build_scheduler(
        sessions=sessions,
        settings=settings,
        sender=senders,
        clock=clock,
        roles=roles,
        leadership=leadership,
        sender_lease=sender_lease(bot_id),
    )
    leadership.on_change.append(_kick(scheduler, bot_id))
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
        await leadership.beat_once()  # leaders act at once, standbys wait
        if "updates" in roles and not webhook_url:
            following = asyncio.create_task(_follow_updates_lease(app, leadership, bot_id))
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


def _kick(scheduler: JobScheduler, bot_id: int) -> Callable[[str, bool], None]:
    """A new leader runs its jobs now rather than at their next interval."""

    def kick(lease: str, leading: bool) -> None:
        if not leading or not scheduler.running:
            return
        if lease == SCHEDULER:
            scheduler.run_now("poll-sources", "enqueue-timed")
        elif lease == sender_lease(bot_id):
            scheduler.run_now("deliver")

    return kick


async def _follow_updates_lease(app: Application, leadership: Leadership, bot_id: int) -> None:
    """Long-poll only while leading this bot's updates: two getUpdates get 409 Conflict."""
    lease = updates_lease(bot_id)
    updater = app.updater
    assert updater is not None
    try:
        while True:
            if leadership.leads(lease) and not updater.running:
                logger.info("polling updates (leader)")
                await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            elif not leadership.leads(lease) and updater.running:
                logger.info("no longer polling updates (standby)")
                await updater.stop()
            await asyncio.sleep(0.5)
    except asyncio.CancelledError:
        if updater.running:
            await updater.stop()
        raise
