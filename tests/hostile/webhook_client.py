"""A raw HTTP/1.1 client for hostile webhook requests: it streams a body it never holds whole
and stops sending at the server's first answer, as an attacker's client would not, so that
what is measured is the server reading (or not reading) the body.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PIECE = bytes(64 * 1024)


@dataclass(frozen=True, slots=True)
class Answer:
    status: int | None  # None: the connection closed before a status line
    sent: int  # body bytes written before the answer came (or the connection broke)
    body: bytes = b""


def zeros(size: int) -> Iterable[bytes]:
    """`size` zero bytes in 64 KB pieces, from one shared buffer."""
    whole, rest = divmod(size, len(PIECE))
    yield from itertools.repeat(PIECE, whole)
    if rest:
        yield PIECE[:rest]


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int | None, bytes]:
    try:
        status_line = await reader.readline()
        if not status_line:
            return None, b""
        status = int(status_line.split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        body = await reader.readexactly(min(length, 65536)) if length else b""
        return status, body
    except (ConnectionError, asyncio.IncompleteReadError):
        return None, b""


async def post(
    port: int,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: Iterable[bytes] = (),
    content_length: int | None = None,
    end_body: bool = True,
    host: str = "127.0.0.1",
) -> Answer:
    """POST `body` (chunked unless `content_length` is given) and return the first answer.

    With `end_body=False` a chunked body is left unterminated, so only a server that stops
    reading on its own can answer.
    """
    reader, writer = await asyncio.open_connection(host, port)
    head = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", "Content-Type: application/json"]
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    chunked = content_length is None
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {content_length}")
    sent = 0

    async def send() -> None:
        nonlocal sent
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        for piece in body:
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            await writer.drain()
            sent += len(piece)
        if chunked and end_body:
            writer.write(b"0\r\n\r\n")
        await writer.drain()

    sending = asyncio.create_task(send())
    answering = asyncio.create_task(_read_answer(reader))
    try:
        await asyncio.wait({sending, answering}, return_when=asyncio.FIRST_COMPLETED)
        if answering.done():
            sending.cancel()
        status, answer_body = await answering
    finally:
        for task in (sending, answering):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await task
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return Answer(status, sent, answer_body)
