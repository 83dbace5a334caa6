"""A WebServer on a free loopback port, with the routes a test mounts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from postes.web.server import Route, WebServer

Serve = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def serve(unused_tcp_port: int) -> AsyncIterator[Serve]:
    """`await serve(*routes)` starts a server with them and returns a client for it."""
    servers: list[WebServer] = []
    clients: list[httpx.AsyncClient] = []

    async def start(*routes: Route, server: WebServer | None = None) -> httpx.AsyncClient:
        server = server or WebServer()
        server.mount(*routes)
        server.start("127.0.0.1", unused_tcp_port)
        servers.append(server)
        client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{unused_tcp_port}", timeout=10)
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.aclose()
    for server in servers:
        await server.stop()
