"""`postes run --role`: what a process does, and how it follows the leases of its roles.

`updates` serves Telegram's updates (long polling only while leading this bot's "updates"
lease, as two pollers get 409 Conflict; a webhook on every replica), `scheduler` polls
sources and enqueues timed messages, `sender` drains the outbox; `all` does all three.
Leadership itself is `jobs.leadership`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram.ext import Application

from postes.clock import Clock
from postes.commands import CommandError
from postes.config import Settings
from postes.jobs.leadership import SCHEDULER, Leadership, sender_lease, updates_lease
from postes.jobs.scheduler import JobScheduler
from postes.platforms.telegram.app import ALLOWED_UPDATES
from postes.platforms.telegram.budget import TokenBudget
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.storage.db import is_sqlite
from postes.web.leadership import LeasedRoles

logger = logging.getLogger(__name__)

ROLES = {
    "all": ("updates", "scheduler", "sender"),
    "updates": ("updates",),
    "scheduler": ("scheduler",),
    "sender": ("sender",),
}


def check_webhook_secret(settings: Settings) -> None:
    """Refuse a webhook without a configured secret where replicas may run (PostgreSQL).

    Every replica registers the webhook at start: with a random secret each, Telegram would
    keep only the last one's and the others would refuse every update. SQLite is the one-
    process default, where a fresh secret at each start is fine.
    """
    if not settings.telegram.webhook_secret and not is_sqlite(settings.database_url):
        raise CommandError(
            "webhook sur PostgreSQL : plusieurs processus peuvent le servir, ils doivent"
            " partager un secret : fixez [telegram] webhook_secret (ou"
            " POSTES_TELEGRAM_WEBHOOK_SECRET), le même pour tous"
        )


def bot_id_of(settings: Settings) -> int:
    """The bot's id, the numeric part of its token: leases are per bot."""
    assert settings.telegram.token is not None
    return int(settings.telegram.token.split(":", 1)[0])


def role_leadership(
    *,
    sessions: async_sessionmaker,
    clock: Clock,
    roles: tuple[str, ...],
    bot_id: int | str,
    webhook: bool,
    exclusive: bool,
) -> tuple[Leadership, LeasedRoles]:
    """The leases this process competes for, and its roles as `/metrics` asks about them.

    `bot_id`: what names the per-bot leases (a Telegram bot's id, or `slack:<team>` when
    Slack runs alone); `webhook`: no front end long-polls, so every process takes updates.

    `exclusive`: a SQLite file lock gave this process the scheduler and sender roles alone.
    """
    by_role: dict[str, str | None] = {}
    if "scheduler" in roles:
        by_role["scheduler"] = SCHEDULER
    if "sender" in roles:
        by_role["sender"] = sender_lease(bot_id)
    if "updates" in roles:
        by_role["updates"] = None if webhook else updates_lease(bot_id)  # webhook: everyone
    leases = [lease for lease in by_role.values() if lease is not None]
    locked = {SCHEDULER, sender_lease(bot_id)} if exclusive else set()
    leadership = Leadership(
        sessions=sessions,
        clock=clock,
        roles=roles,
        leases=leases,
        exclusive=[name for name in leases if name in locked],
    )
    return leadership, LeasedRoles(leadership.leads, by_role)


def share_token_budget(
    app: Application,
    leadership: Leadership,
    *,
    sessions: async_sessionmaker,
    bot_id: int | str,
    reply_share: float,
) -> TokenBudget | None:
    """Keep this process's sends within its share of the token's 30/s (`telegram.budget`),
    recomputed at every beat of `leadership`. None: the bot has no `ChatRateLimiter`."""
    limiter = app.bot.rate_limiter
    if not isinstance(limiter, ChatRateLimiter):
        return None
    budget = TokenBudget(
        limiter, leadership, sessions=sessions, bot_id=bot_id, reply_share=reply_share
    )
    leadership.on_beat.append(budget.refresh)
    return budget


def kick_new_leader(scheduler: JobScheduler, bot_id: int | str) -> Callable[[str, bool], None]:
    """A new leader runs its jobs now rather than at their next interval."""

    def kick(lease: str, leading: bool) -> None:
        if not leading or not scheduler.running:
            return
        if lease == SCHEDULER:
            scheduler.run_now("poll-sources", "enqueue-timed")
        elif lease == sender_lease(bot_id):
            scheduler.run_now("deliver")

    return kick


async def follow_updates_lease(app: Application, leadership: Leadership, bot_id: int) -> None:
    """Long-poll only while leading this bot's updates (until cancelled)."""
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
