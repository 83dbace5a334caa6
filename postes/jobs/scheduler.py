"""The named jobs that keep the bot running, on one APScheduler AsyncIOScheduler.

- `poll-sources` every `schedule.check_every`, first run at start;
- `enqueue-timed` every minute: deadline extensions, reminders, digests;
- `deliver` every few seconds: drain the outbox (a run lasts as long as there is work).

Each job is a plain async function taking (sessions, settings, clock), like the jobs tests
call; `max_instances=1` and `coalesce` keep a slow run from overlapping the next one. All
state is in the database, so a second scheduler (or a restart) enqueues nothing twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import partial

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock, system_clock
from postes.config import Settings
from postes.jobs.deliver import deliver_due
from postes.jobs.digest import enqueue_digests
from postes.jobs.errors import Sender
from postes.jobs.extensions import enqueue_extension_notices
from postes.jobs.poll import run_poll
from postes.jobs.reminders import enqueue_due_reminders

logger = logging.getLogger(__name__)
logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line per run is noise

DELIVER_EVERY = timedelta(seconds=5)


async def poll_sources(sessions: async_sessionmaker, settings: Settings, clock: Clock) -> None:
    """Job: poll the sources, ingest, alert."""
    await run_poll(sessions=sessions, sources=settings.sources, clock=clock, zone=settings.timezone)


async def enqueue_timed(sessions: async_sessionmaker, settings: Settings, clock: Clock) -> None:
    """Job: enqueue what time made due (extensions first, so reminders see the new dates)."""
    zone = settings.timezone
    await enqueue_extension_notices(sessions=sessions, clock=clock)
    await enqueue_due_reminders(
        sessions=sessions, clock=clock, zone=zone, reminder_time=settings.schedule.reminder_time
    )
    await enqueue_digests(sessions=sessions, clock=clock, zone=zone)


async def deliver(
    sessions: async_sessionmaker, settings: Settings, clock: Clock, *, sender: Sender
) -> None:
    """Job: send what is due."""
    await deliver_due(sessions=sessions, sender=sender, clock=clock, zone=settings.timezone)


def build_scheduler(
    *,
    sessions: async_sessionmaker,
    settings: Settings,
    sender: Sender,
    clock: Clock = system_clock,
    deliver_every: timedelta = DELIVER_EVERY,
) -> AsyncIOScheduler:
    """Scheduler with the three named jobs; call `.start()` inside the running event loop
    (e.g. in `post_init`) and `.shutdown(wait=False)` on the way out."""
    scheduler = AsyncIOScheduler(timezone=settings.timezone)
    deps = {"sessions": sessions, "settings": settings, "clock": clock}
    jobs = (
        ("poll-sources", poll_sources, settings.schedule.check_every),
        ("enqueue-timed", enqueue_timed, timedelta(minutes=1)),
        ("deliver", partial(deliver, sender=sender), deliver_every),
    )
    for name, job, every in jobs:
        scheduler.add_job(
            job,
            "interval",
            seconds=every.total_seconds(),
            id=name,
            name=name,
            kwargs=deps,
            next_run_time=datetime.now(UTC),
            max_instances=1,  # a long delivery run simply delays the next one
            coalesce=True,
            misfire_grace_time=60,
        )
    return scheduler
