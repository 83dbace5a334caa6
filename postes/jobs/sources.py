"""Read sources: which documents of a folder or a web page are new or changed.

Only documents whose (source, uri, content hash) is not in the documents table are returned,
so an unchanged file is never parsed again, a rejected one is not retried until its content
changes, and a changed one is read again. Web pages are fetched with their validators
(If-None-Match / If-Modified-Since): a 304 means nothing to do. Documents linked from a page
are downloaded once per URL: a notice re-published with a new deadline gets a new link.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.offers.documents import TEXT_SUFFIXES
from postes.offers.text import fold
from postes.storage.documents import find_document

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[Any]]
_LINK_WORDS = ("avis", "offre")


# How long a file must have been left alone before the folder source reads it.
FOLDER_SETTLE = timedelta(seconds=2)


class SourceError(Exception):
    """The source could not be read this time; the message goes to the status page."""


@dataclass(frozen=True, slots=True)
class PageResult:
    """New documents of a page, and the validators to send next time."""

    documents: list[tuple[str, bytes]]
    etag: str | None = None
    last_modified: str | None = None
    complete: bool = True  # False when a document failed: keep the old validators


async def _is_new(sessions: async_sessionmaker, source: str, uri: str, digest: str) -> bool:
    async with sessions() as session:
        known = await find_document(session=session, source=source, uri=uri)
    return known is None or known.content_hash != digest


def _hash_folder(folder: str, settle: timedelta) -> list[tuple[Path, str]]:
    root = Path(folder)
    if not root.is_dir():
        raise SourceError(f"dossier introuvable : {folder}")
    # File times are the file system's wall clock, not the injectable one.
    settled_before = time.time() - settle.total_seconds()
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower() in TEXT_SUFFIXES
        and not p.name.startswith(".")
        and p.stat().st_mtime <= settled_before
    )
    return [(p, hashlib.sha256(p.read_bytes()).hexdigest()) for p in files]


async def folder_documents(
    *, sessions: async_sessionmaker, source: str, folder: str, settle: timedelta = FOLDER_SETTLE
) -> list[tuple[str, bytes]]:
    """New or changed documents of a folder (and its subfolders), by path.

    A file modified less than `settle` ago is left for the next poll: it may still be being
    copied, and half a notice could be stored as an offer of its own.
    """
    documents = []
    for path, digest in await asyncio.to_thread(_hash_folder, folder, settle):
        uri = str(path.absolute())
        if await _is_new(sessions, source, uri, digest):
            # Read again rather than hold every file of the folder in memory meanwhile.
            documents.append((uri, await asyncio.to_thread(path.read_bytes)))
    return documents


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._text)))
            self._href = None


def find_document_links(page: str, base_url: str) -> list[str]:
    """Absolute URLs of the documents a page links to: by suffix, or by 'avis'/'offre' text."""
    parser = _Links()
    parser.feed(page)
    urls: dict[str, None] = {}
    for href, text in parser.links:
        url = urljoin(base_url, href.strip()).split("#", 1)[0]
        if not url.startswith(("http://", "https://")):
            continue
        suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
        if suffix in TEXT_SUFFIXES or any(word in fold(text) for word in _LINK_WORDS):
            urls.setdefault(url, None)
    return list(urls)


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    attempts: int = 3,
    backoff: float = 1.0,
    sleep: Sleep = asyncio.sleep,
) -> httpx.Response:
    """GET with retries and exponential backoff on network errors, 429 and 5xx."""
    problem = ""
    for attempt in range(attempts):
        try:
            response = await client.get(url, headers=headers)
        except httpx.TransportError as error:  # time-outs included
            problem = f"{error.__class__.__name__}: {error}".rstrip(": ")
        else:
            if response.status_code < 500 and response.status_code != 429:
                return response
            problem = f"HTTP {response.status_code}"
        if attempt + 1 < attempts:
            await sleep(backoff * 2**attempt)
    raise SourceError(f"{url} : {problem} (après {attempts} essais)")


async def page_documents(
    *,
    sessions: async_sessionmaker,
    source: str,
    url: str,
    client: httpx.AsyncClient,
    etag: str | None,
    last_modified: str | None,
    sleep: Sleep = asyncio.sleep,
) -> PageResult | None:
    """New documents linked from a page; None when the page did not change (304)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    page = await fetch(client, url, headers=headers, sleep=sleep)
    if page.status_code == 304:
        return None
    if page.status_code != 200:
        raise SourceError(f"{url} : HTTP {page.status_code}")
    documents, complete = [], True
    for link in find_document_links(page.text, str(page.url)):
        async with sessions() as session:
            if await find_document(session=session, source=source, uri=link):
                continue
        try:
            response = await fetch(client, link, sleep=sleep)
            response.raise_for_status()
        except (SourceError, httpx.HTTPStatusError) as error:
            logger.warning("source %s: cannot download %s: %s", source, link, error)
            complete = False
            continue
        documents.append((link, response.content))
    return PageResult(
        documents, page.headers.get("etag"), page.headers.get("last-modified"), complete
    )
