"""The named jobs that keep the bot running, on one APScheduler AsyncIOScheduler.

- `poll-sources` every `schedule.check_every`, first run at start;
- `enqueue-timed` every minute: deadline extensions, reminders, digests;
- `deliver` every few seconds: drain the outbox (a run lasts as long as there is work).

Each job is a plain async function taking (sessions, settings, clock), like the jobs tests
call; `max_instances=1` and `coalesce` keep a slow run from overlapping the next one. All
state is in the database, so a second scheduler (or a restart) enqueues nothing twice.

With several processes (`postes run --role`), a process has only the jobs of its roles,
and runs them only while it leads them (`jobs.leadership`): polls and timed enqueues on
the "scheduler" lease, delivery on its bot's "sender" lease. A new leader's jobs run at
once (`run_now`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock, system_clock
from postes.config import Settings
from postes.jobs.counted_sender import counted
from postes.jobs.deliver import deliver_due
from postes.jobs.digest import enqueue_digests
from postes.jobs.errors import Sender
from postes.jobs.extensions import enqueue_extension_notices
from postes.jobs.leadership import SCHEDULER, Leadership
from postes.jobs.parse_worker import close_shared_worker
from postes.jobs.poll import run_poll
from postes.jobs.recorded import recorded
from postes.jobs.reminders import enqueue_due_reminders
from postes.jobs.senders import Senders
from postes.storage.updates_seen import prune_processed_updates

logger = logging.getLogger(__name__)
logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line per run is noise

DELIVER_EVERY = timedelta(seconds=5)
# Telegram keeps an unanswered update for 24 hours: past that no retry can bring it again.
UPDATES_KEPT = timedelta(days=2)
STOP_GRACE = timedelta(seconds=30)


async def poll_sources(
    sessions: async_sessionmaker,
    settings: Settings,
    clock: Clock,
    *,
    polled_within: timedelta | None = None,
) -> None:
    """Job: poll the sources, ingest, alert.

    With `polled_within`, a source polled less than that ago (by a leader that just died,
    say) waits for the next run: across processes, each is polled once per interval.
    """
    await run_poll(
        sessions=sessions,
        sources=settings.sources,
        clock=clock,
        zone=settings.timezone,
        limits=settings.limits,
        polled_within=polled_within,
    )


async def enqueue_timed(sessions: async_sessionmaker, settings: Settings, clock: Clock) -> None:
    """Job: enqueue what time made due (extensions first, so reminders see the new dates)."""
    zone = settings.timezone
    await enqueue_extension_notices(sessions=sessions, clock=clock)
    await enqueue_due_reminders(
        sessions=sessions, clock=clock, zone=zone, reminder_time=settings.schedule.reminder_time
    )
    await enqueue_digests(sessions=sessions, clock=clock, zone=zone)
    async with sessions() as session, session.begin():
        await prune_processed_updates(session=session, before=clock() - UPDATES_KEPT)


async def deliver(
    sessions: async_sessionmaker,
    settings: Settings,
    clock: Clock,
    *,
    sender: Sender | Senders,
    stop: asyncio.Event,
    token: str | None = None,
    leading: Callable[[], bool] = lambda: True,
) -> None:
    """Job: send what is due, until `stop` or the end of this process's leadership."""
    await deliver_due(
        sessions=sessions,
        sender=sender,
        clock=clock,
        zone=settings.timezone,
        stop=stop,
        token=token,
        leading=leading,
    )


class JobScheduler(AsyncIOScheduler):
    """An AsyncIOScheduler that stops between messages, not in the middle of one.

    APScheduler's shutdown cancels running coroutines: a delivery cancelled after Telegram
    accepted a message but before it was marked sent would send it again after a restart.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.stopping = asyncio.Event()
        self._running: set[asyncio.Task[Any]] = set()

    def tracked(self, job: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
        """Wrap a job so that `stop` can wait for its running instances."""

        async def run(**kwargs: Any) -> None:
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
            try:
                await job(**kwargs)
            finally:
                self._running.discard(task)

        return run

    def run_now(self, *job_ids: str) -> None:
        """Run these jobs as soon as possible (a process that just became their leader)."""
        for job_id in job_ids:
            if self.get_job(job_id) is not None:
                self.modify_job(job_id, next_run_time=datetime.now(UTC))

    async def stop(self) -> None:
        """Start no new run, let running jobs finish what they hold, then shut down.

        Jobs still running after STOP_GRACE (a poll stuck on a slow source) are cancelled.
        """
        self.stopping.set()
        if not self.running:
            return
        self.pause()
        if self._running:
            await asyncio.wait(set(self._running), timeout=STOP_GRACE.total_seconds())
        self.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
        # Polls started the parse worker: stop its process with the jobs, not at exit.
        await asyncio.to_thread(close_shared_worker)


def _only_while(
    leads: Callable[[], bool], job: Callable[..., Awaitable[None]]
) -> Callable[..., Awaitable[None]]:
    async def run(**kwargs: Any) -> None:
        if leads():
            await job(**kwargs)

    return run


def job_intervals(
    settings: Settings, deliver_every: timedelta = DELIVER_EVERY
) -> dict[str, timedelta]:
    """Each named job and how often it runs (what `/readyz` expects of them)."""
    return {
        "poll-sources": settings.schedule.check_every,
        "enqueue-timed": timedelta(minutes=1),
        "deliver": deliver_every,
    }


def build_scheduler(
    *,
    sessions: async_sessionmaker,
    settings: Settings,
    sender: Sender | Senders,
    clock: Clock = system_clock,
    deliver_every: timedelta = DELIVER_EVERY,
    roles: Collection[str] = ("scheduler", "sender"),
    leadership: Leadership | None = None,
    sender_lease: str = "sender",
) -> JobScheduler:
    """Scheduler with the named jobs of `roles`; call `.start()` inside the running event
    loop and `await .stop()` on the way out. With `leadership`, each job runs only while
    this process leads its lease (the scheduler's, or `sender_lease`). Each run is recorded
    (`jobs.recorded`) and each send counted (`jobs.counted_sender`)."""
    scheduler = JobScheduler(timezone=settings.timezone)
    deps = {"sessions": sessions, "settings": settings, "clock": clock}

    def leads(name: str) -> Callable[[], bool]:
        return (lambda: True) if leadership is None else leadership.leading(name)

    token = leadership.worker_id if leadership is not None else None
    send = partial(
        deliver,
        sender=counted(sender),
        stop=scheduler.stopping,
        token=token,
        leading=leads(sender_lease),
    )
    functions: dict[str, tuple[Callable[..., Awaitable[None]], str, str]] = {
        "poll-sources": (
            # Processes taking turns: a new leader skips sources its predecessor just polled.
            poll_sources
            if leadership is None
            else partial(poll_sources, polled_within=settings.schedule.check_every / 2),
            "scheduler",
            SCHEDULER,
        ),
        "enqueue-timed": (enqueue_timed, "scheduler", SCHEDULER),
        "deliver": (send, "sender", sender_lease),
    }
    for name, every in job_intervals(settings, deliver_every).items():
        job, role, lease = functions[name]
        if role not in roles:
            continue
        scheduler.add_job(
            # Only the leader runs (and records) a job: a standby's runs are no news.
            scheduler.tracked(_only_while(leads(lease), recorded(name, job))),
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
