"""Socket Mode's side of the double: apps.connections.open hands out a WebSocket URL, and
the socket delivers envelopes (slash commands, events, interactions) and records the acks.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from aiohttp import WSMsgType, web

APP_TOKEN = "xapp-1-A0POSTES-1-secret"


class SocketDouble:
    """A WebSocket server on 127.0.0.1 speaking Slack's Socket Mode protocol."""

    def __init__(self) -> None:
        self.outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.acks: list[dict[str, Any]] = []
        self.connections = 0
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.connections += 1
        await socket.send_json({"type": "hello", "num_connections": 1,
                                "connection_info": {"app_id": "A0POSTES"}})  # fmt: skip

        async def push() -> None:
            while True:
                await socket.send_json(await self.outbox.get())

        pusher = asyncio.create_task(push())
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    self.acks.append(json.loads(message.data))
        finally:
            pusher.cancel()
        return socket

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"ws://127.0.0.1:{port}/link"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        """Deliver an envelope (`slash_commands`, `events_api`, `interactive`); its id."""
        envelope_id = f"env-{next(self._ids)}"
        self.outbox.put_nowait({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                "accepts_response_payload": kind != "events_api"})  # fmt: skip
        return envelope_id
