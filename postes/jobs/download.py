"""Download one URL so that no answer can hold the poll, fill the memory or lead elsewhere.

- Redirects are followed here, hop by hop, each hop judged by the source's URL policy
  (`netguard.HostPolicy`), up to a few hops: a loop ends as an error of its own.
- The whole download, redirects and reads included, has one deadline: a server dripping a
  byte every few seconds never trips a per-read time-out but trips this one.
- The body is streamed and counted after decompression: past `limit` bytes (or when the
  announced Content-Length already is) it is dropped with `TooLarge`. We decompress
  ourselves, bounded, so that a small gzip bomb cannot inflate past the limit in one chunk,
  and broken or truncated gzip is an error of that document only.
- 429 and 503 answers carry their Retry-After (seconds or HTTP-date), capped.
"""

from __future__ import annotations

import asyncio
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx

from postes.clock import Clock

# A site cannot keep us away longer than this with one Retry-After.
RETRY_AFTER_CAP = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How far the http source goes for a page and its documents."""

    deadline: float = 120.0  # seconds for one download, all redirects and reads included
    budget: timedelta = timedelta(minutes=5)  # no new document download after this, per page
    max_redirects: int = 5
    attempts: int = 3  # of the page itself, on network errors and 5xx without Retry-After
    backoff: float = 1.0  # seconds before the page's second attempt, doubled after


class FetchError(Exception):
    """The URL could not be downloaded; the message (French) goes to the status page."""

    def __init__(
        self, message: str, *, transient: bool = False, retry_at: datetime | None = None
    ) -> None:
        super().__init__(message)
        self.transient = transient  # worth another try soon (network error, 5xx)
        self.retry_at = retry_at  # the server asked not to come back before then


class TooLarge(FetchError):
    """The body is over the size limit: the document is set aside, not retried."""


@dataclass(frozen=True, slots=True)
class Downloaded:
    """A 2xx or 304 answer, body read in full."""

    url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes
    charset: str | None = None

    def text(self) -> str:
        """The body as text, in its declared charset (UTF-8 if none or unknown)."""
        try:
            return self.content.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


def size_text(count: int) -> str:
    """`count` bytes in French units: '20 Mo', '512 octets'."""
    if count < 1024 * 1024:
        return f"{count} octets"
    return f"{count / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " Mo"


def retry_after(value: str | None, now: datetime) -> datetime | None:
    """When a Retry-After header (seconds or HTTP-date) lets us come back, capped."""
    value = (value or "").strip()
    if re.fullmatch(r"\d{1,12}", value):
        return now + min(timedelta(seconds=int(value)), RETRY_AFTER_CAP)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return min(max(when, now), now + RETRY_AFTER_CAP)


class _Inflater:
    """Content-Encoding decoding that never yields more than the room left."""

    def __init__(self, encoding: str, limit: int) -> None:
        name = encoding.strip().lower()
        if name in ("", "identity"):
            self._zlib = None
        elif name in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif name == "deflate":
            self._zlib = zlib.decompressobj()
        else:
            raise FetchError(f"encodage non pris en charge : {name}")
        self.limit = limit

    def feed(self, raw: bytes, room: int) -> bytes:
        if self._zlib is None:
            data = raw
        else:
            try:  # at most room + 1 bytes: enough to tell the limit was passed
                data = self._zlib.decompress(raw, room + 1)
            except zlib.error as error:
                raise FetchError(f"contenu compressé invalide ({error})") from None
        if len(data) > room:
            raise TooLarge(f"trop volumineux : plus de {size_text(self.limit)}")
        return data

    def finish(self) -> None:
        if self._zlib is not None and not self._zlib.eof:
            raise FetchError("contenu compressé tronqué")


async def _read(response: httpx.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise TooLarge(
            f"trop volumineux : {size_text(int(declared))} annoncés, limite {size_text(limit)}"
        )
    if response.is_stream_consumed:  # built in memory (httpx.MockTransport), decoded already
        if len(response.content) > limit:
            raise TooLarge(f"trop volumineux : plus de {size_text(limit)}")
        return response.content
    inflater = _Inflater(response.headers.get("content-encoding", ""), limit)
    body = bytearray()
    async for raw in response.aiter_raw():
        body += inflater.feed(raw, limit - len(body))
    inflater.finish()
    return bytes(body)


def _check_status(response: httpx.Response, clock: Clock) -> None:
    code = response.status_code
    if 200 <= code < 300 or code == 304:
        return
    if code in (429, 503):
        when = retry_after(response.headers.get("retry-after"), clock())
        raise FetchError(f"HTTP {code}", transient=True, retry_at=when)
    raise FetchError(f"HTTP {code}", transient=code >= 500)


async def _follow(
    client: httpx.AsyncClient,
    url: str,
    *,
    refuse: Callable[[str], str | None],
    limit: int,
    clock: Clock,
    max_redirects: int,
    headers: dict[str, str] | None,
) -> Downloaded:
    for hop in range(max_redirects + 1):
        reason = refuse(url)
        if reason is not None:
            raise FetchError(f"redirection vers {url} refusée : {reason}" if hop else reason)
        try:
            request = client.build_request("GET", url, headers=headers)
            response = await client.send(request, stream=True, follow_redirects=False)
            try:
                if response.has_redirect_location:
                    url = str(response.url.join(response.headers["location"]))
                    continue
                _check_status(response, clock)
                content = b"" if response.status_code == 304 else await _read(response, limit)
            finally:
                await response.aclose()
        except httpx.InvalidURL as error:
            raise FetchError(f"adresse invalide ({error})") from None
        except httpx.TransportError as error:  # network errors and per-read time-outs
            problem = f"{error.__class__.__name__}: {error}".rstrip(": ")
            raise FetchError(problem, transient=True) from None
        return Downloaded(
            str(response.url),
            response.status_code,
            response.headers,
            content,
            response.charset_encoding,
        )
    raise FetchError(f"trop de redirections (plus de {max_redirects})")


async def download(
    client: httpx.AsyncClient,
    url: str,
    *,
    refuse: Callable[[str], str | None],
    limit: int,
    clock: Clock,
    options: FetchOptions,
    headers: dict[str, str] | None = None,
) -> Downloaded:
    """GET `url`, following allowed redirects, within the deadline and the size limit.

    `refuse` tells why a URL may not be requested (None when it may). Raises FetchError,
    or TooLarge when the body is over `limit` bytes.
    """
    try:
        async with asyncio.timeout(options.deadline):
            return await _follow(
                client,
                url,
                refuse=refuse,
                limit=limit,
                clock=clock,
                max_redirects=options.max_redirects,
                headers=headers,
            )
    except TimeoutError:
        # Not worth another try within this poll: it would hold the poll as long again.
        raise FetchError(f"délai dépassé ({options.deadline:g} s)") from None
