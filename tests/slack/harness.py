"""The real Slack app (bolt, our listeners) served over HTTP, driven like Slack drives it.

Requests are signed as Slack signs them and POSTed to `/slack/events`; the app answers
through the double (Web API calls, `response_url` posts), where tests read what was said.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import tornado.web
from slack_bolt.async_app import AsyncApp
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from postes.platforms.slack.render import read_block_id
from postes.web.server import Route
from tests.slack.conftest import TEAM
from tests.slackapi import signed
from tests.slackapi.server import SlackDouble
from tests.waiting import until


@dataclass
class SlackClient:
    """Plays Slack: sends signed requests to the app and reads answers from the double."""

    app: AsyncApp
    slack: SlackDouble
    url: str
    http: httpx.AsyncClient
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def post(
        self,
        body: str,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = headers or signed.signed_headers(body, content_type=content_type)
        return await self.http.post(self.url, content=body.encode(), headers=sent)

    async def _answered(self, body: str, count: int = 1, **kwargs: Any) -> list[dict[str, Any]]:
        state = self.slack.state
        before = len(state.responses)
        response = await self.post(body, **kwargs)
        assert response.status_code == 200, response.text
        await until(lambda: len(state.responses) >= before + count)
        return state.responses[before:]

    async def command(self, text: str, *, channel: str, user: str) -> dict[str, Any]:
        """`/postes <text>`; return what the app posted to the response_url."""
        url = self.slack.response_url(next(self._numbers))
        body = signed.slash_command(text, team=TEAM, channel=channel, user=user, response_url=url)
        [answer] = await self._answered(body)
        return answer

    async def press(
        self, answer: dict[str, Any], value: str, *, channel: str, user: str, wait: bool = True
    ) -> dict[str, Any] | None:
        """Press the button with `value` in a message the app posted; return its answer."""
        block_id, action_id = find_button(answer, value)
        url = self.slack.response_url(next(self._numbers))
        body = signed.block_action(
            value,
            team=TEAM,
            channel=channel,
            user=user,
            response_url=url,
            block_id=block_id,
            action_id=action_id,
        )
        if not wait:
            response = await self.post(body)
            assert response.status_code == 200
            return None
        [reply] = await self._answered(body)
        return reply

    async def event(self, inner: dict[str, Any]) -> httpx.Response:
        return await self.post(signed.event(inner, team=TEAM), content_type="application/json")


def texts(answer: dict[str, Any]) -> str:
    """The mrkdwn of every section of a message, one after the other."""
    blocks = answer.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return "\n".join(b["text"]["text"] for b in blocks if b.get("type") == "section")


def buttons(answer: dict[str, Any]) -> list[str]:
    """Every button value of a message."""
    blocks = answer.get("blocks") or []
    return [
        e["value"]
        for b in blocks
        if b.get("type") == "actions"
        for e in b["elements"]
        if "value" in e
    ]


def find_button(answer: dict[str, Any], value: str) -> tuple[str, str]:
    for block in answer.get("blocks") or []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("value") == value:
                return block["block_id"], element["action_id"]
    raise AssertionError(f"no button {value!r} in {buttons(answer)}")


def footer_of(answer: dict[str, Any]) -> str:
    """The search footer the app put in its buttons' block ids."""
    for block in answer.get("blocks") or []:
        if block.get("type") == "actions":
            return read_block_id(block["block_id"])
    return ""


class Served:
    """A tornado server on a free local port with the given routes."""

    def __init__(self, routes: list[Route]) -> None:
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        rules = [(route.pattern, route.handler, route.options) for route in routes]
        self.server = HTTPServer(tornado.web.Application(rules))
        self.server.add_sockets(sockets)

    async def stop(self) -> None:
        self.server.stop()
        await self.server.close_all_connections()
