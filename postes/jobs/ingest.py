"""Ingest: documents -> parsed offers in storage, one transaction per document.

A document that is not an offer, that breaks the parser, or that exceeds a limit (size,
pages, text, parse time or memory: see `document_limits` and `parse_worker`) is recorded as
rejected with its reason and never stops the others. Parsing happens in a worker process,
so that no document can hold the event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from postes.clock import Clock
from postes.config import LimitSettings
from postes.jobs.document_limits import DEFAULT_LIMITS, too_large
from postes.jobs.filenames import list_documents
from postes.jobs.localtime import local_today
from postes.jobs.parse_worker import ParseWorker, shared_worker
from postes.offers.documents import TEXT_SUFFIXES
from postes.offers.model import Offer
from postes.samples import sample_documents
from postes.storage.documents import DocumentStatus, find_document, record_document
from postes.storage.offers import DeadlineChange, SaveResult, save_offer

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What became of one document; `reason` (French) says why it was rejected."""

    uri: str
    status: DocumentStatus
    reason: str | None = None
    offer_id: int | None = None
    deadline_change: DeadlineChange | None = None


def _filename(uri: str) -> str:
    # The parser picks the format from the suffix; URLs carry it in their path.
    return PurePosixPath(urlsplit(uri).path).name or uri


async def _unit_of_work(
    sessions: async_sessionmaker, work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """Run `work` in a transaction; once more if it lost an insert race.

    Another process ingesting the same notice may insert its offer (unique reference or
    content hash) or its document (unique source and uri) between our look and our insert.
    Its transaction has committed by the time ours fails, so a second run finds its rows
    and updates them, as if we had come second.
    """
    try:
        async with sessions() as session, session.begin():
            return await work(session)
    except IntegrityError as error:
        logger.info("Lost an insert race, trying again: %s", str(error.orig).partition("\n")[0])
    async with sessions() as session, session.begin():
        return await work(session)


async def ingest_document(
    *,
    sessions: async_sessionmaker,
    uri: str,
    data: bytes,
    source: str,
    clock: Clock,
    limits: LimitSettings = DEFAULT_LIMITS,
    worker: ParseWorker | None = None,
    announce: bool = True,
) -> IngestOutcome:
    """Parse and store one document, recording the outcome in the documents table.

    `worker` defaults to the process's shared one. With `announce` false, a deadline move is
    stored but never told to users (see `save_offer`). ParseWorkerError propagates: the worker
    could not start or was stopped from outside, and the document is read again next time.
    """
    content_hash = hashlib.sha256(data).hexdigest()
    async with sessions() as session:
        known = await find_document(session=session, source=source, uri=uri)
    if known and known.content_hash == content_hash and known.offer_id is not None:
        # Same bytes already stored: re-parsing could only revert later updates (an older
        # notice overwriting its extension), so polling the same folder stays a no-op.
        return IngestOutcome(uri=uri, status="unchanged", offer_id=known.offer_id)

    parsed = await (worker or shared_worker()).parse(
        data, _filename(uri), source=uri, limits=limits
    )
    now = clock()
    if isinstance(parsed, Offer):
        offer = parsed

        async def store(session: AsyncSession) -> SaveResult:
            saved = await save_offer(session=session, offer=offer, now=now, announce=announce)
            await record_document(
                session=session,
                source=source,
                uri=uri,
                content_hash=content_hash,
                status=saved.status,
                reason=None,
                offer_id=saved.offer_id,
                now=now,
            )
            return saved

        try:
            saved = await _unit_of_work(sessions, store)
        except SQLAlchemyError as error:
            # E.g. a value longer than its column: this document's fault, not the run's.
            logger.exception("Could not store the offer of %s", uri)
            parsed = f"Offre impossible à enregistrer ({error.__class__.__name__})"
        else:
            return IngestOutcome(
                uri=uri,
                status=saved.status,
                offer_id=saved.offer_id,
                deadline_change=saved.deadline_change,
            )

    reason = parsed

    async def reject(session: AsyncSession) -> None:
        await record_document(
            session=session,
            source=source,
            uri=uri,
            content_hash=content_hash,
            status="rejected",
            reason=reason,
            offer_id=None,
            now=now,
        )

    # Recorded at once, with the bytes' hash: a document that timed out or ran out of memory
    # is not parsed again after a restart. If this write fails too the database itself is
    # in trouble: let the run fail.
    await _unit_of_work(sessions, reject)
    return IngestOutcome(uri=uri, status="rejected", reason=reason)


def _log_summary(source: str, outcomes: list[IngestOutcome]) -> None:
    counts = Counter(outcome.status for outcome in outcomes)
    logger.info("Ingested %d documents from %s: %s", len(outcomes), source, dict(counts))


async def ingest_documents(
    *,
    sessions: async_sessionmaker,
    documents: Iterable[tuple[str, bytes]],
    source: str,
    clock: Clock,
    limits: LimitSettings = DEFAULT_LIMITS,
    worker: ParseWorker | None = None,
    announce: bool = True,
) -> list[IngestOutcome]:
    """Ingest `(uri, bytes)` documents from `source`, in order, one transaction each."""
    outcomes = [
        await ingest_document(
            sessions=sessions,
            uri=uri,
            data=data,
            source=source,
            clock=clock,
            limits=limits,
            worker=worker,
            announce=announce,
        )
        for uri, data in documents
    ]
    _log_summary(source, outcomes)
    return outcomes


def _expand(paths: list[Path]) -> list[tuple[Path, str | None]]:
    """Files to read, each with the reason it cannot be, if known already."""
    files: list[tuple[Path, str | None]] = []
    for path in paths:
        if path.is_dir():
            # A name that is not UTF-8 is reported by its escaped name, never read.
            listing = list_documents(path)
            if not listing.paths and not listing.skipped:
                suffixes = " ".join(sorted(TEXT_SUFFIXES))
                files.append((path, f"Dossier sans document à lire ({suffixes})"))
            files.extend((p, None) for p in listing.paths)
            files.extend((path / item.name, item.reason) for item in listing.skipped)
        elif path.exists():
            files.append((path, None))  # named explicitly: let the parser judge its format
        else:
            files.append((path, "Fichier introuvable"))
    return files


def _read(path: Path, limits: LimitSettings) -> bytes | str:
    """The file's bytes, or why they cannot be read."""
    try:
        # Not read at all when too large: the limit is also on the memory it would take.
        return too_large(path.stat().st_size, limits) or path.read_bytes()
    except OSError as error:
        return f"Lecture impossible : {error.strerror or error}"


async def ingest_paths(
    *,
    sessions: async_sessionmaker,
    paths: list[Path],
    clock: Clock,
    source: str = "cli",
    limits: LimitSettings = DEFAULT_LIMITS,
) -> list[IngestOutcome]:
    """Ingest files and folders (their .txt .md .html .htm .pdf files, sorted)."""
    outcomes = []
    for path, problem in await asyncio.to_thread(_expand, paths):
        uri = str(path.absolute())
        data = problem if problem is not None else await asyncio.to_thread(_read, path, limits)
        if isinstance(data, str):
            outcomes.append(IngestOutcome(uri=uri, status="rejected", reason=data))
            continue
        outcomes.append(
            await ingest_document(
                sessions=sessions, uri=uri, data=data, source=source, clock=clock, limits=limits
            )
        )
    _log_summary(source, outcomes)
    return outcomes


async def ingest_samples(
    *, sessions: async_sessionmaker, clock: Clock, zone: ZoneInfo
) -> list[IngestOutcome]:
    """Ingest the bundled sample notices, dated around today where the users live.

    Their deadlines are relative to today, so each day's load moves them all: those moves
    are no news, and are never announced to anyone following a sample.
    """
    documents = sample_documents(local_today(clock(), zone))
    return await ingest_documents(
        sessions=sessions, documents=documents, source="samples", clock=clock, announce=False
    )
