"""`/metrics` in Prometheus' text format, behind a bearer token (`[http] metrics_token`).

Counters (`postes.counters`) are this process's own. Gauges that read the database (the
outbox, the jobs' last successes) are computed at scrape time by the process leading the
scheduler only: the others would report the same rows and load the database for nothing.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.counters import RATE_LIMITED, SOURCE_ERRORS
from postes.jobs.localtime import as_utc
from postes.storage.job_runs import list_job_runs
from postes.storage.outbox_stats import count_pending, oldest_due_by_platform
from postes.web.leadership import ROLES, Leadership
from postes.web.server import BodylessHandler, Route

logger = logging.getLogger(__name__)

KINDS = ("alert", "reminder", "extension", "digest")
DATABASE_TIMEOUT_SECONDS = 5.0


@dataclass(slots=True)
class Snapshot:
    """What the database says, read once per scrape."""

    now: datetime
    pending: Counter[tuple[str, str]] = field(default_factory=Counter)
    oldest_due: dict[str, datetime] = field(default_factory=dict)
    job_successes: dict[str, datetime] = field(default_factory=dict)


async def read_snapshot(*, sessions: async_sessionmaker, clock: Clock) -> Snapshot:
    """Read the outbox and the jobs' runs."""
    now = clock()
    async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS), sessions() as session:
        runs = await list_job_runs(session=session)
        return Snapshot(
            now=now,
            pending=await count_pending(session=session),
            oldest_due=await oldest_due_by_platform(session=session, now=now),
            job_successes={
                name: as_utc(row.succeeded_at) for name, row in runs.items() if row.succeeded_at
            },
        )


class _Collected:
    """Families built for one scrape (prometheus_client asks a collector for `collect()`)."""

    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


def leader_families(leadership: Leadership) -> list[Metric]:
    leader = GaugeMetricFamily(
        "postes_leader", "1 if this process leads the role, else 0.", labels=["role"]
    )
    for role in ROLES:
        leader.add_metric([role], 1.0 if leadership.leads(role) else 0.0)
    return [leader]


def database_families(snapshot: Snapshot | None, platforms: Iterable[str]) -> list[Metric]:
    up = GaugeMetricFamily("postes_database_up", "1 if the database answered this scrape.")
    up.add_metric([], 0.0 if snapshot is None else 1.0)
    if snapshot is None:
        return [up]
    pending = GaugeMetricFamily(
        "postes_outbox_pending",
        "Outbox rows waiting to be sent (due or not), by platform and kind.",
        labels=["platform", "kind"],
    )
    counts = {(p, k): 0 for p in platforms for k in KINDS}  # known series exist at 0
    counts.update(snapshot.pending)
    for (platform, kind), count in sorted(counts.items()):
        pending.add_metric([platform, kind], float(count))
    oldest = GaugeMetricFamily(
        "postes_outbox_oldest_due_age_seconds",
        "How long the oldest due pending message has been waiting (0: none waits).",
        labels=["platform"],
    )
    for platform in sorted({*platforms, *snapshot.oldest_due}):
        due = snapshot.oldest_due.get(platform)
        age = (snapshot.now - as_utc(due)).total_seconds() if due else 0.0
        oldest.add_metric([platform], max(age, 0.0))
    jobs = GaugeMetricFamily(
        "postes_job_last_success_age_seconds",
        "Seconds since each scheduled job last succeeded (absent: never).",
        labels=["job"],
    )
    for name, moment in sorted(snapshot.job_successes.items()):
        jobs.add_metric([name], max((snapshot.now - moment).total_seconds(), 0.0))
    return [up, pending, oldest, jobs]


@dataclass(frozen=True, slots=True)
class MetricsEndpoint:
    token: str | None
    sessions: async_sessionmaker
    clock: Clock
    leadership: Leadership
    platforms: tuple[str, ...] = ("telegram",)


class MetricsHandler(BodylessHandler):
    """GET /metrics with `Authorization: Bearer <token>`; 401 without it."""

    def initialize(self, endpoint: MetricsEndpoint) -> None:
        self.endpoint = endpoint

    def _authorized(self) -> bool:
        expected = f"Bearer {self.endpoint.token}".encode()
        given = self.request.headers.get("Authorization", "").encode()
        # Constant time, on bytes: compare_digest refuses non-ASCII str, which anyone can send.
        return hmac.compare_digest(given, expected)

    async def get(self) -> None:
        if not self.endpoint.token:
            self.set_status(HTTPStatus.NOT_FOUND)
            self.finish("métriques désactivées : définir [http] metrics_token\n")
            return
        if not self._authorized():
            self.set_status(HTTPStatus.UNAUTHORIZED)
            self.set_header("WWW-Authenticate", 'Bearer realm="metrics"')
            self.finish("jeton requis : Authorization: Bearer <[http] metrics_token>\n")
            return
        families = leader_families(self.endpoint.leadership)
        if self.endpoint.leadership.leads("scheduler"):
            snapshot: Snapshot | None = None
            try:
                snapshot = await read_snapshot(
                    sessions=self.endpoint.sessions, clock=self.endpoint.clock
                )
            except Exception as error:
                logger.warning("metrics: database unreadable: %s", error)
            families += database_families(snapshot, self.endpoint.platforms)
        scrape = CollectorRegistry(auto_describe=False)
        scrape.register(_Collected(families))
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.set_header("Cache-Control", "no-store")
        self.finish(generate_latest(REGISTRY) + generate_latest(scrape))


def metrics_route(
    *,
    token: str | None,
    sessions: async_sessionmaker,
    clock: Clock,
    leadership: Leadership,
    sources: Iterable[str] = (),
    platforms: Iterable[str] = ("telegram",),
) -> Route:
    """The `/metrics` route. `sources` (the configured source keys) and `platforms` (those
    with a sender) have their series from the start, at 0: an alert on a series that appears
    only with its first event would miss the first one."""
    platforms = tuple(platforms)
    RATE_LIMITED.labels(platform="telegram")
    for source in sources:
        SOURCE_ERRORS.labels(source=source)
    endpoint = MetricsEndpoint(token, sessions, clock, leadership, platforms)
    return Route(r"/metrics", MetricsHandler, {"endpoint": endpoint})
