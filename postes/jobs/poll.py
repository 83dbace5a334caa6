"""Poll every source, ingest what is new, and alert subscribers of the new offers.

One failing source never stops the others: its error is logged and stored in its state
(`postes status` shows it), and the next poll tries again. After ingesting, offers stored
in the last day are matched again as well: matching is idempotent, so this repairs a run
that crashed between storing an offer and enqueueing its alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.config import LimitSettings, SourceSettings
from postes.jobs.alerts import enqueue_alerts, recent_offer_ids
from postes.jobs.document_limits import DEFAULT_LIMITS
from postes.jobs.ingest import IngestOutcome, ingest_documents
from postes.jobs.sources import (
    FOLDER_SETTLE,
    Sleep,
    SourceError,
    folder_documents,
    page_documents,
)
from postes.storage.sources import get_source_state, record_poll

logger = logging.getLogger(__name__)

HTTP_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "postes/0.1 (veille des offres d'emploi public)"


@dataclass(slots=True)
class SourceReport:
    """What polling one source gave."""

    key: str
    error: str | None = None
    outcomes: list[IngestOutcome] = field(default_factory=list)


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
    client: httpx.AsyncClient,
    sleep: Sleep = asyncio.sleep,
    settle: timedelta = FOLDER_SETTLE,
    limits: LimitSettings = DEFAULT_LIMITS,
) -> SourceReport:
    """Poll one source and ingest its new documents; errors are recorded, not raised."""
    report = SourceReport(source.key)
    etag = last_modified = None
    try:
        if source.kind == "folder":
            documents = await folder_documents(
                sessions=sessions, source=source.key, folder=source.location, settle=settle
            )
        else:
            async with sessions() as session:
                state = await get_source_state(session=session, key=source.key)
            page = await page_documents(
                sessions=sessions,
                source=source.key,
                url=source.location,
                client=client,
                etag=state.etag if state else None,
                last_modified=state.last_modified if state else None,
                sleep=sleep,
            )
            documents = page.documents if page else []
            if page and page.complete:
                etag, last_modified = page.etag, page.last_modified
        report.outcomes = await ingest_documents(
            sessions=sessions, documents=documents, source=source.key, clock=clock, limits=limits
        )
    except SourceError as error:  # expected: unreachable site, missing folder
        logger.warning("polling source %s failed: %s", source.key, error)
        report.error = str(error)
    except Exception as error:  # one broken source must not stop the others
        logger.exception("polling source %s failed", source.key)
        report.error = f"{error.__class__.__name__}: {error}"
    async with sessions() as session, session.begin():
        await record_poll(
            session=session,
            key=source.key,
            now=clock(),
            error=report.error,
            etag=etag,
            last_modified=last_modified,
        )
    return report


async def run_poll(
    *,
    sessions: async_sessionmaker,
    sources: Sequence[SourceSettings],
    clock: Clock,
    zone: ZoneInfo,
    client: httpx.AsyncClient | None = None,
    sleep: Sleep = asyncio.sleep,
    settle: timedelta = FOLDER_SETTLE,
    limits: LimitSettings = DEFAULT_LIMITS,
) -> PollReport:
    """Poll all sources in turn, then enqueue alerts for the offers they brought."""
    report = PollReport()
    async with (
        httpx.AsyncClient(
            timeout=HTTP_TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
        )
        if client is None
        else contextlib.nullcontext(client)  # the caller's client: not ours to close
    ) as http:
        for source in sources:
            report.sources.append(
                await poll_source(
                    sessions=sessions,
                    source=source,
                    clock=clock,
                    client=http,
                    sleep=sleep,
                    settle=settle,
                    limits=limits,
                )
            )
    stored = [o.offer_id for o in report.outcomes if o.status == "stored" and o.offer_id]
    recent = await recent_offer_ids(sessions=sessions, clock=clock)
    report.alerts = await enqueue_alerts(
        sessions=sessions, offer_ids=[*stored, *recent], clock=clock, zone=zone
    )
    return report
