"""Serve the double over real HTTP on 127.0.0.1, in a thread, as bolt-python's tests do.

`/api/<method>` answers Web API calls (JSON, form or query arguments; the token as a Bearer
header or a `token` argument); `/respond/<n>` records what is posted to a `response_url`.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.slackapi.methods import call
from tests.slackapi.state import SlackState


def _arguments(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    args: dict[str, Any] = dict(parse_qsl(query))
    if body:
        if content_type.startswith("application/json"):
            args.update(json.loads(body))
        else:
            args.update(parse_qsl(body.decode()))
    for name in ("blocks", "view", "files"):  # sent as JSON strings in form-encoded calls
        if isinstance(args.get(name), str):
            args[name] = json.loads(args[name])
    return args


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read the state, not the log."""

    def _answer(self, status: int, headers: dict[str, str], body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        state = self.server.state
        if parts.path.startswith("/upload/"):  # files.upload_v2's second step
            file_id = parts.path.removeprefix("/upload/")
            with state.lock:
                upload = state.uploads.get(file_id)
                if upload is not None and len(body) == int(upload["length"]):
                    upload["data"] = body
                    self._answer(200, {}, {"ok": True})
                    return
            self._answer(400, {}, {"ok": False, "error": "bad_upload"})
            return
        args = _arguments(parts.query, body, self.headers.get("Content-Type", ""))
        if parts.path.startswith("/respond/"):
            with state.lock:
                state.responses.append({"url": parts.path, **args})
            self._answer(200, {}, {"ok": True})
            return
        method = parts.path.removeprefix("/api/")
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):  # oauth.v2.access: the app's credentials
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            args.update(client_id=client_id, client_secret=secret)
            auth = ""
        token = (
            auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.pop("token", None)
        )
        self._answer(*call(state, method, args, token))

    do_GET = _handle
    do_POST = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: SlackState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class SlackDouble:
    """`with SlackDouble() as slack:` — a running double; `slack.api_url` for AsyncWebClient."""

    def __init__(self, state: SlackState | None = None) -> None:
        self.state = state or SlackState()
        self._server = _Server(self.state)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, number: int) -> str:
        return f"{self.url}/respond/{number}"

    def start(self) -> SlackDouble:
        self.state.base_url = self.url
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> SlackDouble:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
