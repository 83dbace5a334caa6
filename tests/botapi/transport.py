"""Two ways to put `FakeBotApi` under a real `telegram.Bot`.

`FakeRequest` replaces PTB's HTTP layer in process; `serve_http` speaks the Bot API wire
protocol on a local port for a bot running in another process. Both take the method and the
token from the URL, so a wrong `base_url` or token fails as it would against Telegram.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from telegram.request import BaseRequest, RequestData

from tests.botapi.double import FakeBotApi, Response
from tests.botapi.errors import ApiError
from tests.botapi.validation import UploadedFile

_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z0-9_]+)/?$")
_NOT_FOUND: Response = ApiError(404, "Not Found").response()


def split_path(path: str) -> tuple[str, str] | None:
    """Return (token, method) from a `/bot<token>/<method>` path, or None."""
    match = _PATH.search(path)
    return (match["token"], match["method"]) if match else None


def resolve_attachments(params: dict[str, Any], files: dict[str, UploadedFile]) -> None:
    """Put uploaded files where their parameter (or an `attach://name` value) expects them."""
    for name, upload in files.items():
        params.setdefault(name, upload)
    for name, value in params.items():
        if isinstance(value, str) and value.startswith("attach://"):
            params[name] = files.get(value.removeprefix("attach://"), value)


class FakeRequest(BaseRequest):
    """A PTB request backend that answers from a `FakeBotApi` instead of the network."""

    def __init__(self, api: FakeBotApi, *, read_timeout: float | None = 5.0) -> None:
        self.api = api
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open: there is no connection pool."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer the call encoded in `url` and `request_data` as the server would."""
        route = split_path(urlsplit(url).path)
        if route is None:
            status, body = _NOT_FOUND
        else:
            params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
            if request_data and request_data.contains_files:
                resolve_attachments(params, _uploads(request_data))
            status, body = await self.api.handle_async(route[1], params, token=route[0])
        return status, json.dumps(body).encode()


def _uploads(request_data: RequestData) -> dict[str, UploadedFile]:
    uploads = {}
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        uploads[name] = UploadedFile(filename or name, data, mimetype or "")
    return uploads


def parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Decode a request body the three ways the Bot API accepts."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}
    if mime == "application/json":
        decoded = json.loads(body)
        return decoded if isinstance(decoded, dict) else {}
    if mime == "application/x-www-form-urlencoded":
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    if mime == "multipart/form-data":
        return _parse_multipart(content_type, body)
    return {}


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    # email's MIME parser handles multipart/form-data; the cgi module is gone in 3.13.
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    params: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if not isinstance(name, str):
            continue
        if part.get_filename() is not None:
            files[name] = UploadedFile(part.get_filename(), payload, part.get_content_type())
        else:
            params[name] = payload.decode(part.get_content_charset() or "utf-8")
    resolve_attachments(params, files)
    return params


class _Handler(BaseHTTPRequestHandler):
    api: FakeBotApi  # set on the per-server subclass
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._answer(self.rfile.read(length))

    def _answer(self, body: bytes) -> None:
        url = urlsplit(self.path)
        route = split_path(url.path)
        if route is None:
            status, reply = _NOT_FOUND
        else:
            try:
                params = dict(parse_qsl(url.query, keep_blank_values=True))
                params.update(parse_body(self.headers.get("Content-Type", ""), body))
            except ValueError:
                status, reply = ApiError(400, "Bad Request: can't parse request body").response()
            else:
                status, reply = self.api.handle_blocking(route[1], params, token=route[0])
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest output is for failures."""


@dataclass(slots=True)
class ServerHandle:
    """A running local Bot API server."""

    api: FakeBotApi
    server: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def base_url(self) -> str:
        """Return the value for `Bot(base_url=...)`; the token and method are appended."""
        return f"http://{self.server.server_address[0]}:{self.port}/bot"

    def close(self) -> None:
        """Release long polls, stop serving and free the port."""
        self.api.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve_http(api: FakeBotApi, host: str = "127.0.0.1", port: int = 0) -> ServerHandle:
    """Serve `api` over HTTP from a daemon thread; port 0 picks a free port."""
    handler = type("BoundHandler", (_Handler,), {"api": api})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="fake-bot-api", daemon=True)
    thread.start()
    return ServerHandle(api, server, thread)
