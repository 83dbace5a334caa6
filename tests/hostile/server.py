"""A real HTTP server on 127.0.0.1 that misbehaves on request: drips, lies, loops, floods.

It speaks just enough HTTP/1.1 by hand (one request per connection) to send what a well
behaved server never would: garbage under `Content-Encoding: gzip`, bodies that never end,
redirects in circles. Routes map a path (query string ignored) to a handler.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType

Handler = Callable[["Request", asyncio.StreamWriter], Awaitable[None]]


@dataclass(slots=True)
class Request:
    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


def page(*links: str) -> str:
    """A web page listing `links` as vacancy notices."""
    items = "".join(f'<li><a href="{link}">Avis de vacance</a></li>' for link in links)
    return f"<html><body><ul>{items}</ul></body></html>"


async def respond(
    writer: asyncio.StreamWriter,
    status: int = 200,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    announce: bool = True,
) -> None:
    """Write a response; without `announce`, no Content-Length: the body ends at close."""
    head = ({"Content-Length": str(len(body))} if announce else {}) | (headers or {})
    lines = [f"HTTP/1.1 {status} Whatever", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in head.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()


def ok(body: bytes | str, headers: dict[str, str] | None = None) -> Handler:
    data = body.encode() if isinstance(body, str) else body

    async def handle(request: Request, writer: asyncio.StreamWriter) -> None:
        await respond(writer, 200, data, headers)

    return handle


def status(code: int, headers: dict[str, str] | None = None) -> Handler:
    async def handle(request: Request, writer: asyncio.StreamWriter) -> None:
        await respond(writer, code, b"", headers)

    return handle


def redirect(location: str, code: int = 302) -> Handler:
    return status(code, {"Location": location})


def drip(every: float, release: asyncio.Event | None = None, *, byte: bytes = b" ") -> Handler:
    """Headers at once, then one byte every `every` seconds until `release` (or forever)."""

    async def handle(request: Request, writer: asyncio.StreamWriter) -> None:
        await respond(writer, 200, b"", {"Content-Type": "text/html"}, announce=False)
        while release is None or not release.is_set():
            writer.write(byte)
            await writer.drain()
            await asyncio.sleep(every)

    return handle


class Flood:
    """`start`, then spaces up to `total` bytes in 64 KiB chunks; counts what was sent.

    Without `announce` no Content-Length is sent: the body ends when the connection does.
    """

    def __init__(self, total: int, *, announce: bool, start: bytes = b"") -> None:
        self.total, self.announce, self.start, self.sent = total, announce, start, 0

    async def __call__(self, request: Request, writer: asyncio.StreamWriter) -> None:
        headers = {"Content-Length": str(self.total)} if self.announce else {}
        head = ["HTTP/1.1 200 OK", "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + self.start)
        self.sent = len(self.start)
        while self.sent < self.total:
            chunk = b" " * min(65536, self.total - self.sent)
            writer.write(chunk)
            await writer.drain()
            self.sent += len(chunk)


class HostileServer:
    """`async with HostileServer() as server:` serves `server.routes` on 127.0.0.1."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[Request] = []
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):  # a dripping handler would keep the server alive
            writer.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            method, target, _ = (await reader.readline()).decode("latin-1").split(" ", 2)
            request = Request(method, target)
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                request.headers[name.strip().lower()] = value.strip()
            self.requests.append(request)
            handler = self.routes.get(request.path, status(404))
            await handler(request, writer)
        except (ConnectionError, ValueError):
            pass  # the client hung up (as it should on a flood or a drip), or spoke nonsense
        finally:
            self._writers.discard(writer)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
