"""The shared web server: mounted routes answer, the rest is 404, bodies are never buffered."""

from __future__ import annotations

import asyncio

import pytest

from postes.web.server import BodylessHandler, Route, WebServer
from tests.hostile.webhook_client import post
from tests.web.conftest import Serve

ANSWER_WITHIN = 10.0


class Hello(BodylessHandler):
    def initialize(self, word: str) -> None:
        self.word = word

    def get(self) -> None:
        self.finish(self.word)


async def test_mounted_routes_answer_and_other_paths_are_not_found(serve: Serve) -> None:
    client = await serve(Route("/a", Hello, {"word": "un"}), Route("/b", Hello, {"word": "deux"}))

    a, b, other = await client.get("/a"), await client.get("/b"), await client.get("/c")
    head = await client.head("/a")

    assert (a.status_code, a.text) == (200, "un")
    assert (b.status_code, b.text) == (200, "deux")
    assert other.status_code == 404
    assert (head.status_code, head.content) == (200, b"")


async def _get_with_body(port: int, path: str, framing: str) -> int:
    """Send a GET's head announcing a body, none of the body; return the status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n{framing}\r\n\r\n".encode())
        await writer.drain()
        return int((await reader.readline()).split()[1])
    finally:
        writer.close()


async def test_a_get_route_refuses_a_body_before_reading_it(
    serve: Serve, unused_tcp_port: int
) -> None:
    await serve(Route("/a", Hello, {"word": "un"}))

    # Each client announces a body and sends none of it: only an answer given on the
    # headers comes back in time.
    announced = await asyncio.wait_for(
        _get_with_body(unused_tcp_port, "/a", "Content-Length: 1000000000"), ANSWER_WITHIN
    )
    chunked = await asyncio.wait_for(
        _get_with_body(unused_tcp_port, "/a", "Transfer-Encoding: chunked"), ANSWER_WITHIN
    )
    posted = await asyncio.wait_for(
        post(unused_tcp_port, "/a", content_length=10**9), ANSWER_WITHIN
    )
    unknown = await asyncio.wait_for(
        post(unused_tcp_port, "/nowhere", content_length=10**9), ANSWER_WITHIN
    )

    assert announced == 413
    assert chunked == 413
    assert posted.status == 405
    assert unknown.status == 404


async def test_routes_are_mounted_before_the_server_starts(serve: Serve) -> None:
    server = WebServer()
    await serve(Route("/a", Hello, {"word": "un"}), server=server)

    with pytest.raises(RuntimeError, match="before the server starts"):
        server.mount(Route("/b", Hello, {"word": "deux"}))
