"""Poll every source, ingest what is new, and alert subscribers of the new offers.

Sources are polled side by side, and each one alerts the offers it brought as soon as it
has ingested them: a slow web site delays nobody else's alerts. One failing source never
stops the others: its error is logged and stored in its state (`postes status` shows it,
and a poll still running, since when), and the next poll tries again. Once every source is
done, offers stored in the last day are matched again as well: matching is idempotent, so
this repairs a run that crashed between storing an offer and enqueueing its alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.config import LimitSettings, SourceSettings
from postes.counters import SOURCE_ERRORS
from postes.jobs.alerts import enqueue_alerts, recent_offer_ids
from postes.jobs.document_limits import DEFAULT_LIMITS
from postes.jobs.download import FetchOptions
from postes.jobs.ingest import IngestOutcome, ingest_documents
from postes.jobs.localtime import as_utc
from postes.jobs.netguard import Resolver, guarded_client
from postes.jobs.pages import page_documents
from postes.jobs.sources import (
    FOLDER_SETTLE,
    Sleep,
    SourceError,
    SourceResult,
    folder_documents,
)
from postes.storage.models import SourceStateRow
from postes.storage.sources import get_source_state, record_poll, record_poll_start

logger = logging.getLogger(__name__)

DEFAULT_FETCH = FetchOptions()


@dataclass(slots=True)
class SourceReport:
    """What polling one source gave."""

    key: str
    error: str | None = None
    outcomes: list[IngestOutcome] = field(default_factory=list)
    alerts: int = 0
    waiting_until: datetime | None = None  # not polled: the source asked to wait (Retry-After)
    skipped: bool = False  # not polled: another process polled it a moment ago

    @property
    def stored_offer_ids(self) -> list[int]:
        return [o.offer_id for o in self.outcomes if o.status == "stored" and o.offer_id]


@dataclass(slots=True)
class PollReport:
    """What one poll of all sources gave."""

    sources: list[SourceReport] = field(default_factory=list)
    alerts: int = 0

    @property
    def outcomes(self) -> list[IngestOutcome]:
        return [outcome for source in self.sources for outcome in source.outcomes]


async def poll_source(
    *,
    sessions: async_sessionmaker,
    source: SourceSettings,
    clock: Clock,
    client: httpx.AsyncClient | None = None,
    limits: LimitSettings = DEFAULT_LIMITS,
    fetch: FetchOptions = DEFAULT_FETCH,
    resolver: Resolver | None = None,
    sleep: Sleep = asyncio.sleep,
    settle: timedelta = FOLDER_SETTLE,
    polled_within: timedelta | None = None,
) -> SourceReport:
    """Poll one source and ingest its new documents; errors are recorded, not raised.

    An http source gets a client of its own (`netguard.guarded_client`) unless `client`
    is given; a source that asked to be left alone (Retry-After) is not polled until then,
    nor one whose last poll started less than `polled_within` ago (`skipped` is then set).
    """
    report = SourceReport(source.key)
    async with sessions() as session, session.begin():
        state = await get_source_state(session=session, key=source.key, for_update=True)
        if state is not None and state.retry_at and as_utc(state.retry_at) > clock():
            report.waiting_until = as_utc(state.retry_at)
            logger.info("source %s: not polled before %s, as it asked", source.key, state.retry_at)
            return report
        if polled_within is not None and _polled_since(state, clock() - polled_within):
            report.skipped = True
            return report
        await record_poll_start(session=session, key=source.key, now=clock())

    async def accept(uri: str, data: bytes) -> None:
        # One document at a time: only the one being parsed is held in memory.
        report.outcomes += await ingest_documents(
            sessions=sessions,
            documents=[(uri, data)],
            source=source.key,
            clock=clock,
            limits=limits,
        )

    result: SourceResult | None = None
    retry_at = None
    try:
        if source.kind == "folder":
            result = await folder_documents(
                sessions=sessions,
                source=source.key,
                folder=source.location,
                accept=accept,
                limit=limits.document_bytes,
                clock=clock,
                settle=settle,
            )
        else:
            async with (
                guarded_client(source.location, resolver=resolver)
                if client is None
                else contextlib.nullcontext(client)  # the caller's client: not ours to close
            ) as http:
                result = await page_documents(
                    sessions=sessions,
                    source=source,
                    client=http,
                    clock=clock,
                    limit=limits.download_bytes,
                    etag=state.etag if state else None,
                    last_modified=state.last_modified if state else None,
                    accept=accept,
                    options=fetch,
                    sleep=sleep,
                )
    except SourceError as error:  # expected: unreachable site, missing folder
        logger.warning("polling source %s failed: %s", source.key, error)
        report.error, retry_at = str(error), error.retry_at
    except Exception as error:  # one broken source must not stop the others
        logger.exception("polling source %s failed", source.key)
        report.error = f"{error.__class__.__name__}: {error}"
    if report.error is not None:
        SOURCE_ERRORS.labels(source=source.key).inc()
    if result is not None:
        _warn_new_skips(source.key, result, state.skipped if state else None)
    complete = result is not None and result.complete
    async with sessions() as session, session.begin():
        await record_poll(
            session=session,
            key=source.key,
            now=clock(),
            error=report.error,
            etag=result.etag if complete and result else None,
            last_modified=result.last_modified if complete and result else None,
            retry_at=retry_at,
            skipped=result.skipped if result else None,
        )
    return report


def _polled_since(state: SourceStateRow | None, moment: datetime) -> bool:
    # A poll still running counts from its start; a finished one from its end.
    if state is None:
        return False
    last = state.poll_started_at or state.last_poll_at
    return last is not None and as_utc(last) > moment


def _warn_new_skips(key: str, result: SourceResult, before: list[dict[str, str]] | None) -> None:
    # Once, when first left alone: the status page keeps naming it meanwhile.
    for item in result.skipped:
        if item not in (before or []):
            logger.warning("source %s: %s left alone: %s", key, item["name"], item["reason"])


async def run_poll(
    *,
    sessions: async_sessionmaker,
    sources: Sequence[SourceSettings],
    clock: Clock,
    zone: ZoneInfo,
    client: httpx.AsyncClient | None = None,
    limits: LimitSettings = DEFAULT_LIMITS,
    fetch: FetchOptions = DEFAULT_FETCH,
    resolver: Resolver | None = None,
    sleep: Sleep = asyncio.sleep,
    settle: timedelta = FOLDER_SETTLE,
    polled_within: timedelta | None = None,
) -> PollReport:
    """Poll all sources side by side, each alerting its new offers as soon as it has them.

    `client` replaces every http source's own guarded client (tests); `resolver` replaces
    the system's DNS for the guarded clients.
    """

    async def poll_and_alert(source: SourceSettings) -> SourceReport:
        report = await poll_source(
            sessions=sessions,
            source=source,
            clock=clock,
            client=client,
            limits=limits,
            fetch=fetch,
            resolver=resolver,
            sleep=sleep,
            settle=settle,
            polled_within=polled_within,
        )
        if report.skipped or report.waiting_until:
            return report
        try:
            report.alerts = await enqueue_alerts(
                sessions=sessions, offer_ids=report.stored_offer_ids, clock=clock, zone=zone
            )
        except Exception:  # the sweep below enqueues them again
            logger.exception("alerts for source %s failed", source.key)
        counts = Counter(outcome.status for outcome in report.outcomes)
        logger.info(
            "poll %s: %d documents (%s), %d alerts%s",
            source.key,
            len(report.outcomes),
            ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "none new",
            report.alerts,
            f", error: {report.error}" if report.error else "",
            # The same counts as fields of their own, for `--log-format json`.
            extra={
                "event": "poll",
                "source": source.key,
                "documents": len(report.outcomes),
                **{f"documents_{status}": n for status, n in counts.items()},
                "alerts": report.alerts,
                "error": report.error,
            },
        )
        return report

    reports = await asyncio.gather(*(poll_and_alert(source) for source in sources))
    report = PollReport(sources=list(reports))
    recent = await recent_offer_ids(sessions=sessions, clock=clock)
    swept = await enqueue_alerts(sessions=sessions, offer_ids=recent, clock=clock, zone=zone)
    report.alerts = sum(r.alerts for r in reports) + swept
    return report
