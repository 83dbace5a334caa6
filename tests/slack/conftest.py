"""A running Slack double with one workspace, its people and channels."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.slackapi.server import SlackDouble
from tests.slackapi.state import SlackState

TEAM = "T0NC"
CREATOR = "U0CREATOR"
ADMIN = "U0ADMIN"
MEMBER = "U0MEMBER"
CHANNEL = "C0EMPLOI"


@pytest.fixture
def slack_state() -> SlackState:
    state = SlackState()
    state.add_workspace(TEAM, name="Syndicat NC")
    state.add_user(TEAM, CREATOR)
    state.add_user(TEAM, ADMIN, is_admin=True)
    state.add_user(TEAM, MEMBER)
    state.add_channel(TEAM, CHANNEL, creator=CREATOR, name="emploi")
    state.add_dm(TEAM, MEMBER)
    return state


@pytest.fixture
def slack(slack_state: SlackState) -> Iterator[SlackDouble]:
    with SlackDouble(slack_state) as double:
        yield double


@pytest.fixture
async def slack_app(slack, sessions, clock):  # type: ignore[no-untyped-def]
    """The Slack app over HTTP, answering through the double with a configured bot token."""
    import httpx
    from slack_sdk.web.async_client import AsyncWebClient

    from postes.jobs.localtime import NOUMEA
    from postes.platforms.slack.app import build_slack_app
    from postes.platforms.slack.caller import Deps
    from postes.platforms.slack.web import slack_routes
    from postes.platforms.slack.workspaces import ConfiguredToken
    from tests.slack.harness import Served, SlackClient
    from tests.slackapi.signed import SIGNING_SECRET

    app = build_slack_app(
        deps=Deps(sessions=sessions, clock=clock, zone=NOUMEA),
        client=AsyncWebClient(base_url=slack.api_url),
        signing_secret=SIGNING_SECRET,
        workspaces=ConfiguredToken(f"xoxb-{TEAM}"),
    )
    served = Served(slack_routes(app))
    async with httpx.AsyncClient() as http:
        yield SlackClient(app, slack, f"http://127.0.0.1:{served.port}/slack/events", http)
    await served.stop()
