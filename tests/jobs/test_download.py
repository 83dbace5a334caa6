"""Download rules that need no server: Retry-After, sizes, bounded decompression."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from postes.jobs.download import (
    RETRY_AFTER_CAP,
    FetchError,
    FetchOptions,
    TooLarge,
    download,
    retry_after,
    size_text,
)

NOW = datetime(2025, 7, 13, 22, 0, tzinfo=UTC)


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("120", NOW) == NOW + timedelta(seconds=120)
    assert retry_after("Sun, 13 Jul 2025 23:00:00 GMT", NOW) == NOW + timedelta(hours=1)


def test_retry_after_is_capped_and_never_in_the_past() -> None:
    assert retry_after("99999999999", NOW) == NOW + RETRY_AFTER_CAP
    assert retry_after("9" * 5000, NOW) is None  # not a number we parse: ignored
    assert retry_after("Fri, 01 Jan 2100 00:00:00 GMT", NOW) == NOW + RETRY_AFTER_CAP
    assert retry_after("Sat, 01 Jan 2000 00:00:00 GMT", NOW) == NOW


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5", "²"])
def test_retry_after_ignores_what_it_cannot_read(value: str | None) -> None:
    assert retry_after(value, NOW) is None


def test_size_text_speaks_french() -> None:
    assert size_text(512) == "512 octets"
    assert size_text(20 * 1024 * 1024) == "20 Mo"
    assert size_text(1536 * 1024) == "1,5 Mo"


async def fetch(body: bytes, headers: dict[str, str], limit: int = 1000) -> bytes:
    def answer(request: httpx.Request) -> httpx.Response:
        # A stream, as from the network: not decoded by httpx, read by the code under test.
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        document = await download(
            client,
            "http://site.test/avis.txt",
            refuse=lambda url: None,
            limit=limit,
            clock=lambda: NOW,
            options=FetchOptions(),
        )
    return document.content


async def test_gzip_and_deflate_bodies_are_decoded() -> None:
    assert await fetch(gzip.compress(b"avis"), {"Content-Encoding": "gzip"}) == b"avis"
    assert await fetch(zlib.compress(b"avis"), {"Content-Encoding": "deflate"}) == b"avis"


async def test_a_gzip_bomb_stops_at_the_limit() -> None:
    with pytest.raises(TooLarge, match="plus de 1000 octets"):
        await fetch(gzip.compress(b"\0" * 10_000_000), {"Content-Encoding": "gzip"})


async def test_an_unknown_encoding_is_an_error_of_its_own() -> None:
    with pytest.raises(FetchError, match="encodage non pris en charge : br"):
        await fetch(b"...", {"Content-Encoding": "br"})
