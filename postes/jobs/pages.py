"""Read web pages: the documents a page links to that are new.

Pages are fetched with their validators (If-None-Match / If-Modified-Since): a 304 means
nothing to do. Documents linked from a page are downloaded once per URL: a notice
re-published with a new deadline gets a new link.
"""

from __future__ import annotations

import asyncio
import logging
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.jobs.sources import Accept, Sleep, SourceError, SourceResult
from postes.offers.documents import TEXT_SUFFIXES
from postes.offers.text import fold
from postes.storage.documents import find_document

logger = logging.getLogger(__name__)

_LINK_WORDS = ("avis", "offre")


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
    accept: Accept,
    sleep: Sleep = asyncio.sleep,
) -> SourceResult | None:
    """Hand new documents linked from a page to `accept`; None when the page did not change."""
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
    complete = True
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
        await accept(link, response.content)
    return SourceResult(
        etag=page.headers.get("etag"),
        last_modified=page.headers.get("last-modified"),
        complete=complete,
    )
