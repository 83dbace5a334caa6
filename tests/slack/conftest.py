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
