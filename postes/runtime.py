"""`postes run`: the configured chat platforms (Telegram, Slack or both: each a front end of
`platforms.front_end`, which this module only assembles), the scheduler and the web server in
one event loop until a signal. The web server (webhook, Slack's /slack/events, /healthz,
/readyz, /metrics) runs when there is a webhook or an address to listen on (`--listen`,
`[http] listen`); Slack in HTTP mode needs one, in Socket Mode it connects out.

`--role` (`platforms.telegram.roles`) splits the work among processes; each runs the jobs of
its roles only while it leads them (`jobs.leadership`). On a SQLite file only one process
may have the scheduler or sender role (`jobs.role_locks`)."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import AsyncExitStack

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock, system_clock
from postes.commands import CommandError
from postes.config import Settings
from postes.jobs.leadership import sender_lease
from postes.jobs.role_locks import RoleTaken, hold_role_locks
from postes.jobs.scheduler import build_scheduler
from postes.jobs.senders import Senders
from postes.platforms.front_end import build_front_ends
from postes.platforms.slack.runtime import NO_ADDRESS
from postes.platforms.telegram.roles import (
    ROLES,
    check_webhook_secret,
    kick_new_leader,
    role_leadership,
)
from postes.platforms.telegram.webhook_address import (
    AddressError,
    ListenAddress,
    listen_address,
    parse_listen,
    webhook_path,
)
from postes.web.routes import build_web_server
from postes.web.server import WebServer

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
        address = _web_address(webhook_url, listen, port, settings.http.listen)
    except AddressError as error:
        raise CommandError(str(error)) from None
    fronts = build_front_ends(settings, sessions=sessions, clock=clock, webhook_url=webhook_url)
    if not fronts:
        raise CommandError("aucune plateforme configurée : [telegram] token ou [slack]")
    serving = "updates" in roles  # Slack's requests are updates too
    routes = [r for front in fronts for r in front.routes(settings.http.max_body_bytes)]
    routes = routes if serving else []
    if routes and address is None:  # a webhook always has one: Slack in HTTP mode has not
        raise CommandError(NO_ADDRESS)
    loop = asyncio.get_running_loop()
    async with AsyncExitStack() as stack:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
            stack.callback(loop.remove_signal_handler, signum)
        # Each platform's messages go out through its own sender (and rate limiter).
        senders = Senders()
        for front in fronts:
            await front.open()
            stack.push_async_callback(front.stop)
            front.add_sender(senders)
        # The first platform's bot names the sender lease (Telegram's, when configured).
        key = fronts[0].key
        leadership, led = role_leadership(
            sessions=sessions,
            clock=clock,
            roles=roles,
            bot_id=key,
            webhook=not any(front.polls for front in fronts),
            exclusive=exclusive,
        )
        scheduler = build_scheduler(
            sessions=sessions,
            settings=settings,
            sender=senders,
            clock=clock,
            roles=roles,
            leadership=leadership,
            sender_lease=sender_lease(key),
        )
        leadership.on_change.append(kick_new_leader(scheduler, key))
        stack.push_async_callback(leadership.resign)
        if address is not None:
            server = build_web_server(
                settings,
                sessions=sessions,
                clock=clock,
                leadership=led,
                routes=routes,
                platforms=senders.platforms,
            )
            _listen(server, address)
            stack.push_async_callback(server.stop)
            logger.info("web server listening on %s", address.url("/"))
            if not address.is_loopback:
                logger.warning("web server reachable beyond this machine, over plain HTTP")
        if webhook_url and address is not None:  # a webhook always has an address
            logger.info(
                "webhook listening on %s for %s",
                address.url(webhook_path(webhook_url)),
                webhook_url,
            )
        await leadership.beat_once()  # leaders act at once (a poller polls), standbys wait
        for front in fronts:  # after the server binds: Telegram never gets a dead webhook
            await front.start(leadership=leadership, serving=serving)
        beats = asyncio.Event()
        beating = asyncio.create_task(leadership.run(beats))
        stack.push_async_callback(_stop_beating, beats, beating)
        scheduler.start()
        stack.push_async_callback(scheduler.stop)  # first out: deliveries finish their sends
        logger.info(
            "%s running (roles %s; %s; worker %s)",
            ", ".join(front.name for front in fronts),
            ",".join(roles),
            "webhook" if webhook_url else "polling when leading",
            leadership.worker_id,
        )
        await stop.wait()


async def _stop_beating(beats: asyncio.Event, beating: asyncio.Task[None]) -> None:
    beats.set()
    await beating


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
