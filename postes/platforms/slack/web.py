"""`/slack/events` on the process's web server: commands, events and interactions.

The body is read as a stream and refused past `max_body` (Slack's requests are a few KB),
then handed to bolt, which checks the signature (`X-Slack-Signature`, v0 HMAC of the body with
the signing secret) and the timestamp (refused when more than 5 minutes old) before any
listener runs. The OAuth pages (`/slack/install`, `/slack/oauth_redirect`) are bolt's own
tornado handler.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import tornado.web
from slack_bolt.adapter.tornado.async_handler import AsyncSlackOAuthHandler
from slack_bolt.adapter.tornado.handler import set_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from postes.web.server import RefusesBodies, Route

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
MAX_BODY_BYTES = 256 * 1024


def _declared_length(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


@tornado.web.stream_request_body
class SlackEventsHandler(tornado.web.RequestHandler):
    """POST /slack/events, streamed and bounded, dispatched to the bolt app."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, app: AsyncApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body
        self.body = bytearray()

    def _refuse(self, status: HTTPStatus) -> None:
        self.set_status(status)
        self.finish()

    def prepare(self) -> None:
        """Refuse a body announced too large before reading it."""
        declared = _declared_length(self.request.headers.get("Content-Length"))
        if declared is not None and declared > self.max_body:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self.body += chunk
        if len(self.body) > self.max_body:
            self.body = bytearray()
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    async def post(self) -> None:
        if self._finished:
            return
        request = AsyncBoltRequest(
            body=bytes(self.body).decode("utf-8", errors="replace"),
            query=self.request.query,
            headers={k: v for k, v in self.request.headers.get_all()},
        )
        set_response(self, await self.app.async_dispatch(request))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, tornado.web.HTTPError):
            logger.debug("slack %s: %s", self.request.path, value.status_code)
        else:
            logger.error("slack request failed", exc_info=(typ, value, tb))


@tornado.web.stream_request_body
class SlackOAuthHandler(RefusesBodies, AsyncSlackOAuthHandler):
    """bolt's install and redirect pages (GET), refusing any body before reading it."""

    SUPPORTED_METHODS = ("GET",)


def slack_routes(app: AsyncApp, *, max_body: int = MAX_BODY_BYTES) -> list[Route]:
    """What to mount on the process's web server (`postes.web.server`)."""
    routes = [Route(EVENTS_PATH, SlackEventsHandler, {"app": app, "max_body": max_body})]
    if app.oauth_flow is not None:
        for path in (INSTALL_PATH, REDIRECT_PATH):
            routes.append(Route(path, SlackOAuthHandler, {"app": app}))
    return routes
