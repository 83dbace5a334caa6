"""Read sources: which documents of a folder are new or changed; what all sources share.

Only documents whose (source, uri, content hash) is not in the documents table are handed
on, so an unchanged file is never parsed again, a rejected one is not retried until its
content changes, and a changed one is read again. Documents are handed to `accept` one at
a time, as they are read: a folder of large files is never held in memory at once. A file
over the size limit is not read at all: it is set aside with its reason, once for a given
size and modification time.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.jobs.download import size_text
from postes.jobs.filenames import list_documents
from postes.storage.documents import find_document, record_document

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[object]]
# Takes one new document (uri, bytes) as soon as it is read: the poll ingests it.
Accept = Callable[[str, bytes], Awaitable[None]]

# How long a file must have been left alone before the folder source reads it.
FOLDER_SETTLE = timedelta(seconds=2)


class SourceError(Exception):
    """The source could not be read this time; the message goes to the status page."""

    def __init__(self, message: str, *, retry_at: datetime | None = None) -> None:
        super().__init__(message)
        self.retry_at = retry_at  # the source asked not to be polled before then


@dataclass(slots=True)
class SourceResult:
    """What a poll of a source found besides its documents."""

    skipped: list[dict[str, str]] = field(default_factory=list)  # {"name", "reason"}
    etag: str | None = None
    last_modified: str | None = None
    complete: bool = True  # False when a document was left for later: keep the old validators


async def is_new(sessions: async_sessionmaker, source: str, uri: str, digest: str) -> bool:
    """Tell whether `uri` was never seen with these bytes."""
    async with sessions() as session:
        known = await find_document(session=session, source=source, uri=uri)
    return known is None or known.content_hash != digest


@dataclass(frozen=True, slots=True)
class _File:
    path: Path
    size: int
    mtime_ns: int


@dataclass(slots=True)
class _Scan:
    files: list[_File] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


def _scan_folder(folder: str, settle: timedelta) -> _Scan:
    try:
        listing = list_documents(Path(folder))
    except NotADirectoryError:
        raise SourceError(f"dossier introuvable : {folder}") from None
    scan = _Scan(skipped=[{"name": s.name, "reason": s.reason} for s in listing.skipped])
    # File times are the file system's wall clock, not the injectable one.
    settled_before = time.time() - settle.total_seconds()
    for path in listing.paths:
        try:
            info = path.stat()
        except OSError:  # gone since it was listed
            continue
        if info.st_mtime <= settled_before:
            scan.files.append(_File(path, info.st_size, info.st_mtime_ns))
    return scan


def _read(path: Path, limit: int) -> bytes | None:
    """The file's bytes, at most `limit` + 1 of them (it may have grown since `stat`)."""
    try:
        with path.open("rb") as file:
            return file.read(limit + 1)
    except OSError as error:  # removed or locked meanwhile: try again next poll
        logger.warning("cannot read %s: %s", path, error.strerror or error)
        return None


async def _set_aside(
    sessions: async_sessionmaker, source: str, uri: str, file: _File, limit: int, clock: Clock
) -> None:
    # Size and time stand for the unread content: the file is judged again once it changes.
    marker = f"taille {file.size}, modifié {file.mtime_ns}"
    async with sessions() as session, session.begin():
        known = await find_document(session=session, source=source, uri=uri)
        if known is not None and known.content_hash == marker:
            return
        reason = f"Fichier trop volumineux : {size_text(file.size)}, limite {size_text(limit)}"
        logger.warning("source %s: %s set aside: %s", source, uri, reason)
        await record_document(
            session=session,
            source=source,
            uri=uri,
            content_hash=marker,
            status="rejected",
            reason=f"{reason}, non lu",
            offer_id=None,
            now=clock(),
        )


async def folder_documents(
    *,
    sessions: async_sessionmaker,
    source: str,
    folder: str,
    accept: Accept,
    limit: int,
    clock: Clock,
    settle: timedelta = FOLDER_SETTLE,
) -> SourceResult:
    """Hand new or changed documents of a folder (and its subfolders) to `accept`, by path.

    A file modified less than `settle` ago is left for the next poll: it may still be being
    copied, and half a notice could be stored as an offer of its own. Files whose name
    cannot be stored are skipped and named in the result; files over `limit` bytes are
    set aside unread.
    """
    scan = await asyncio.to_thread(_scan_folder, folder, settle)
    for file in scan.files:
        uri = str(file.path.absolute())
        if file.size > limit:
            await _set_aside(sessions, source, uri, file, limit, clock)
            continue
        data = await asyncio.to_thread(_read, file.path, limit)
        if data is None or len(data) > limit:  # unreadable, or grew since it was listed
            continue
        if await is_new(sessions, source, uri, hashlib.sha256(data).hexdigest()):
            await accept(uri, data)
    return SourceResult(skipped=scan.skipped)
