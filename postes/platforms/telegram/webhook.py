"""The webhook route: checks the secret and the size of a request before reading its body.

PTB's `Updater.start_webhook` reads a whole body (up to 100 MB) before looking at the secret,
and its server cannot be given another handler. This route, mounted on the process's
`web.server.WebServer` beside health and metrics, streams the body
(`tornado.web.stream_request_body`): `prepare()` sees only the headers, and refuses there a
request without the secret or announcing too large a body; a chunked body is counted as it
arrives and refused past the cap. Updates go to `application.update_queue`, as PTB's do.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from http import HTTPStatus
from types import TracebackType
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application, ExtBot

from postes.web.server import Route

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def read_update(body: bytes, bot: Any) -> Update | None:
    """Decode a webhook body into an Update, or None if it is not one."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # ValueError covers bad UTF-8 and huge integers
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, bot)
    # PTB's parsers raise whatever a malformed field provokes (KeyError, AttributeError...);
    # any of them means "not an update", and must not become a 500.
    except Exception as error:
        logger.warning("webhook body is not an update: %s: %s", type(error).__name__, error)
        return None


class _Endpoint:
    """What the handler needs to know; one per server."""

    def __init__(self, application: Application, path: str, secret: str, max_body: int) -> None:
        self.application = application
        self.path = "/" + path.strip("/")
        self.secret = secret.encode()
        self.max_body = max_body


def _declared_length(value: str | None) -> int | None:
    # A malformed Content-Length is left to tornado, which answers 400 without reading on.
    return int(value) if value is not None and value.strip().isdigit() else None


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, endpoint: _Endpoint) -> None:
        self.endpoint = endpoint
        self.body = bytearray()

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        logger.debug("webhook %s from %s: %s", status.value, self.request.remote_ip, why)
        self.set_status(status)
        # Tornado closes the connection after answering a request whose body it did not read.
        self.finish()

    def prepare(self) -> None:
        """Decide on the headers alone: nothing of the body has been read yet."""
        if "/" + self.request.path.strip("/") != self.endpoint.path:
            self._refuse(HTTPStatus.NOT_FOUND, "other path")
            return
        given = self.request.headers.get(SECRET_HEADER, "")
        # Constant time, on bytes: compare_digest refuses non-ASCII str, which anyone can send.
        if not hmac.compare_digest(given.encode(), self.endpoint.secret):
            self._refuse(HTTPStatus.FORBIDDEN, "missing or wrong secret")
            return
        declared = _declared_length(self.request.headers.get("Content-Length"))
        if declared is not None and declared > self.endpoint.max_body:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"{declared} bytes announced")

    def data_received(self, chunk: bytes) -> None:
        """Keep the body while it fits; past the cap, answer and stop reading."""
        if self._finished:
            return
        self.body += chunk
        if len(self.body) > self.endpoint.max_body:
            self.body = bytearray()
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body past the cap")

    async def post(self) -> None:
        """Queue the update for the application, as PTB's webhook handler does."""
        if self._finished:
            return
        bot = self.endpoint.application.bot
        update = read_update(bytes(self.body), bot)
        if update is None:
            self._refuse(HTTPStatus.BAD_REQUEST, "not an update")
            return
        if isinstance(bot, ExtBot):
            bot.insert_callback_data(update)
        await self.endpoint.application.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def log_exception(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Refused methods are tornado HTTPErrors: log them quietly, anything else loudly."""
        if isinstance(value, tornado.web.HTTPError):
            logger.debug("webhook %s from %s", value.status_code, self.request.remote_ip)
        else:
            logger.error("webhook request failed", exc_info=(typ, value, tb))  # type: ignore[arg-type]


def webhook_route(
    application: Application, *, path: str, secret: str, max_body_bytes: int
) -> Route:
    """The route serving Telegram's updates at `path` (extra slashes tolerated)."""
    endpoint = _Endpoint(application, path, secret, max_body_bytes)
    pattern = "/+" + re.escape(endpoint.path.strip("/")) + "/*" if endpoint.path != "/" else "/+"
    return Route(pattern, _UpdateHandler, {"endpoint": endpoint})
