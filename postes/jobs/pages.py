"""Read web pages: the documents a page links to that are new.

Pages are fetched with their validators (If-None-Match / If-Modified-Since): a 304 means
nothing to do. Documents linked from a page are downloaded once per URL: a notice
re-published with a new deadline gets a new link.

Every request goes through `download` (one deadline, a size limit, redirects judged hop by
hop) and the source's `HostPolicy`. Each link succeeds or fails on its own: a failing link
is recorded with its error and tried again after a growing delay (LINK_BACKOFF, doubled at
each failure up to LINK_BACKOFF_CAP, or the site's Retry-After if later), kept in the
database so that a restart keeps it. A document over the size limit is set aside once,
with its reason, like a document the parser rejects.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.config import SourceSettings
from postes.jobs.download import Downloaded, FetchError, FetchOptions, TooLarge, download
from postes.jobs.links import find_document_links
from postes.jobs.localtime import as_utc
from postes.jobs.netguard import HostPolicy
from postes.jobs.sources import Accept, Sleep, SourceError, SourceResult
from postes.storage.documents import find_document, record_document
from postes.storage.links import (
    clear_link_failure,
    forget_link_failures,
    get_link_failure,
    record_link_failure,
)

logger = logging.getLogger(__name__)

LINK_BACKOFF = timedelta(minutes=5)
LINK_BACKOFF_CAP = timedelta(days=1)
MAX_SKIPPED = 50  # refused links named in the status, per page


async def _fetch_page(
    client: httpx.AsyncClient,
    url: str,
    *,
    policy: HostPolicy,
    headers: dict[str, str],
    limit: int,
    clock: Clock,
    options: FetchOptions,
    sleep: Sleep,
) -> Downloaded:
    """The page, tried again after a short backoff on network errors and 5xx.

    A Retry-After is obeyed by not polling the source before then, not by sleeping here.
    """
    problem = ""
    for attempt in range(options.attempts):
        try:
            return await download(
                client,
                url,
                refuse=policy.refusal,
                limit=limit,
                clock=clock,
                options=options,
                headers=headers,
            )
        except FetchError as error:
            if error.retry_at is not None:
                raise SourceError(
                    f"{url} : {error}, Retry-After", retry_at=error.retry_at
                ) from None
            if not error.transient:
                raise SourceError(f"{url} : {error}") from None
            problem = str(error)
        if attempt + 1 < options.attempts:
            await sleep(options.backoff * 2**attempt)
    raise SourceError(f"{url} : {problem} (après {options.attempts} essais)")


def _backoff(failures: int, now: datetime, asked: datetime | None) -> datetime:
    delay = min(LINK_BACKOFF * 2 ** min(failures - 1, 20), LINK_BACKOFF_CAP)
    return max(now + delay, asked or now)


class _PageReader:
    """The links of one page, each downloaded, set aside or postponed on its own."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker,
        source: str,
        client: httpx.AsyncClient,
        policy: HostPolicy,
        limit: int,
        clock: Clock,
        options: FetchOptions,
    ) -> None:
        self.sessions, self.source, self.client, self.policy = sessions, source, client, policy
        self.limit, self.clock, self.options = limit, clock, options
        self.complete = True  # every link was settled: the page's validators may be kept
        self._paused: set[str] = set()  # hosts that sent a Retry-After during this poll

    async def read(self, links: list[str], accept: Accept) -> None:
        started = self.clock()
        for link in links:
            async with self.sessions() as session:
                if await find_document(session=session, source=self.source, uri=link):
                    continue
                failure = await get_link_failure(session=session, source=self.source, url=link)
            now = self.clock()
            waiting = failure is not None and as_utc(failure.retry_at) > now
            host = httpx.URL(link).host
            if waiting or host in self._paused or now - started > self.options.budget:
                self.complete = False  # left for a later poll
                continue
            data = await self._download(link, failures=failure.failures if failure else 0)
            if data is not None:
                await accept(link, data)

    async def _download(self, link: str, *, failures: int) -> bytes | None:
        try:
            document = await download(
                self.client,
                link,
                refuse=self.policy.refusal,
                limit=self.limit,
                clock=self.clock,
                options=self.options,
            )
        except TooLarge as error:
            await self._set_aside(link, f"Document {error}, non téléchargé")
            return None
        except FetchError as error:
            if error.retry_at is not None:
                self._paused.add(httpx.URL(link).host)  # the server asked us to slow down
            await self._failed(link, str(error), failures, error.retry_at)
            return None
        except Exception as error:  # a surprise on one link must not stop the page
            logger.exception("source %s: downloading %s failed", self.source, link)
            await self._failed(link, f"{error.__class__.__name__}: {error}", failures, None)
            return None
        if failures:
            async with self.sessions() as session, session.begin():
                await clear_link_failure(session=session, source=self.source, url=link)
        return document.content

    async def _failed(self, link: str, error: str, failures: int, asked: datetime | None) -> None:
        now = self.clock()
        retry_at = _backoff(failures + 1, now, asked)
        logger.warning("source %s: cannot download %s: %s", self.source, link, error)
        self.complete = False
        async with self.sessions() as session, session.begin():
            await record_link_failure(
                session=session,
                source=self.source,
                url=link,
                error=error,
                now=now,
                retry_at=retry_at,
            )

    async def _set_aside(self, link: str, reason: str) -> None:
        logger.warning("source %s: %s set aside: %s", self.source, link, reason)
        async with self.sessions() as session, session.begin():
            await record_document(
                session=session,
                source=self.source,
                uri=link,
                content_hash="non lu",
                status="rejected",
                reason=reason,
                offer_id=None,
                now=self.clock(),
            )
            await clear_link_failure(session=session, source=self.source, url=link)


async def page_documents(
    *,
    sessions: async_sessionmaker,
    source: SourceSettings,
    client: httpx.AsyncClient,
    clock: Clock,
    limit: int,
    etag: str | None,
    last_modified: str | None,
    accept: Accept,
    options: FetchOptions | None = None,
    sleep: Sleep = asyncio.sleep,
) -> SourceResult | None:
    """Hand new documents linked from a page to `accept`; None when the page did not change.

    `limit` bounds every download (the page's and each document's), in bytes.
    """
    options = options or FetchOptions()
    policy = HostPolicy(source.location, source.allow_hosts)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    page = await _fetch_page(
        client,
        source.location,
        policy=policy,
        headers=headers,
        limit=limit,
        clock=clock,
        options=options,
        sleep=sleep,
    )
    if page.status == 304:
        return None
    if page.status != 200:
        raise SourceError(f"{source.location} : HTTP {page.status}")
    links, skipped = [], []
    for link in find_document_links(page.text(), page.url):
        reason = policy.refusal(link)
        if reason is None:
            links.append(link)
        else:
            skipped.append({"name": link[:200], "reason": f"lien refusé : {reason}"})
    async with sessions() as session, session.begin():  # links gone from the page
        await forget_link_failures(session=session, source=source.key, keep=set(links))
    reader = _PageReader(
        sessions=sessions,
        source=source.key,
        client=client,
        policy=policy,
        limit=limit,
        clock=clock,
        options=options,
    )
    await reader.read(links, accept)
    return SourceResult(
        skipped=skipped[:MAX_SKIPPED],
        etag=page.headers.get("etag"),
        last_modified=page.headers.get("last-modified"),
        complete=reader.complete,
    )
