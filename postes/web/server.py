"""The process's web server: routes are mounted on it, then it listens on one address.

Telegram's webhook (`platforms.telegram.webhook`), health (`web.health`) and metrics
(`web.metrics`) are routes among others; another platform mounts its own the same way:

    server = WebServer()
    server.mount(Route(r"/slack/events", SlackEventsHandler, {"...": ...}))
    server.start(host, port)

Every handler here reads its request body as a stream (`BodylessHandler`, or a
`tornado.web.stream_request_body` handler of its own): a handler tornado buffers would read a
whole body, whatever its size, before any check. Paths nobody mounted get 404 the same way.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import tornado.web
from tornado.httpserver import HTTPServer

logger = logging.getLogger(__name__)

# A slow client may hold a connection this long at most, per request head and per body.
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Route:
    """A path pattern (a regular expression matched whole) and the handler serving it."""

    pattern: str
    handler: type[tornado.web.RequestHandler]
    options: dict[str, Any] = field(default_factory=dict)


class RefusesBodies(tornado.web.RequestHandler):
    """Mixed into a streaming GET handler: a request announcing a body is refused (413) on
    its headers alone, before any of it is read."""

    def prepare(self) -> None:
        """Refuse on the headers alone a request announcing a body."""
        length = self.request.headers.get("Content-Length", "0").strip()
        if length != "0" or "Transfer-Encoding" in self.request.headers:
            self.set_status(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            self.finish()

    def data_received(self, chunk: bytes) -> None:
        """Nothing is expected; `prepare` already answered."""


@tornado.web.stream_request_body
class BodylessHandler(RefusesBodies):
    """For GET routes: a request that comes with a body is refused before it is read."""

    SUPPORTED_METHODS: tuple[str, ...] = ("GET", "HEAD")

    def head(self, *args: Any, **kwargs: Any) -> Any:
        """HEAD answers as GET does, without the body (tornado drops it)."""
        return self.get(*args, **kwargs)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """Refused methods and paths are tornado HTTPErrors: quiet; anything else loud."""
        if isinstance(value, tornado.web.HTTPError):
            logger.debug("%s %s: %s", self.request.method, self.request.path, value.status_code)
        else:
            logger.error("%s failed", self.request.path, exc_info=(typ, value, tb))


class NotFoundHandler(BodylessHandler):
    """Paths nobody mounted, whatever the method: 404 without reading a body."""

    SUPPORTED_METHODS = tornado.web.RequestHandler.SUPPORTED_METHODS

    def prepare(self) -> None:
        """Answer on the headers."""
        self.set_status(HTTPStatus.NOT_FOUND)
        self.finish()


class _Application(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """One line per request would let anyone fill the log."""


class WebServer:
    """Routes mounted first, then served on `host:port` until stopped."""

    def __init__(self) -> None:
        self._routes: list[Route] = []
        self._server: HTTPServer | None = None

    def mount(self, *routes: Route) -> None:
        """Add routes; the first whose pattern matches a path serves it."""
        if self._server is not None:
            raise RuntimeError("routes are mounted before the server starts")
        self._routes.extend(routes)

    @property
    def paths(self) -> list[str]:
        """The mounted patterns, in order (for the start-up log)."""
        return [route.pattern for route in self._routes]

    def start(self, host: str, port: int) -> None:
        """Bind and accept connections; raises OSError if the address is unavailable."""
        rules = [(r.pattern, r.handler, r.options) for r in self._routes]
        rules.append((r".*", NotFoundHandler, {}))
        self._server = HTTPServer(
            _Application(rules),
            idle_connection_timeout=TIMEOUT_SECONDS,
            body_timeout=TIMEOUT_SECONDS,
            # Handlers stream bodies and enforce their own caps with a 413; tornado's limit
            # would answer a bare 400 instead, sometimes after theirs.
            max_body_size=sys.maxsize,
        )
        self._server.listen(port, address=host)

    async def stop(self) -> None:
        """Stop accepting, then close open connections."""
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
