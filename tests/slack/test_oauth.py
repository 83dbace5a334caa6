"""Installing in several workspaces through OAuth, on slack_sdk's stores in our database."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from postes.clock import FakeClock
from postes.config import SlackSettings
from postes.jobs.localtime import NOUMEA
from postes.platforms.slack.app import build_slack_app
from postes.platforms.slack.caller import Deps
from postes.platforms.slack.oauth import InstalledWorkspaces, installation_store, oauth_settings
from postes.platforms.slack.web import slack_routes
from postes.storage.models import ChatRow
from tests.slack.harness import Served
from tests.slackapi import signed
from tests.slackapi.server import SlackDouble
from tests.waiting import until

NEW_TEAM = "T0ASSO"
SETTINGS = SlackSettings(
    client_id="1234.5678", client_secret="client-secret", signing_secret=signed.SIGNING_SECRET
)


async def test_migrated_tables_are_the_ones_slack_sdk_uses(engine: AsyncEngine) -> None:
    metadata = sqlalchemy.MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")

    def only_slack(obj: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
        table = obj if kind == "table" else getattr(obj, "table", None)
        return table is None or str(table.name).startswith("slack_")

    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(
            connection, opts={"include_object": only_slack, "compare_server_default": False}
        )
        return [
            diff for diff in compare_metadata(context, metadata)
            # slack_sdk's defaults are Python-side; ours are also in the schema: both work.
            if not (isinstance(diff, list) and diff and diff[0][0] == "modify_default")
        ]  # fmt: skip

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


@pytest.fixture
async def installing(
    slack: SlackDouble, engine: AsyncEngine, sessions: async_sessionmaker, clock: FakeClock
) -> AsyncIterator[tuple[str, httpx.AsyncClient, InstalledWorkspaces]]:
    slack.state.add_workspace(NEW_TEAM, name="Association emploi")
    slack.state.add_user(NEW_TEAM, "U0PRES", is_admin=True)
    slack.state.add_channel(NEW_TEAM, "C0ASSO", creator="U0PRES")
    store = installation_store(SETTINGS, engine)
    workspaces = InstalledWorkspaces(store)
    app = build_slack_app(
        deps=Deps(sessions=sessions, clock=clock, zone=NOUMEA),
        client=AsyncWebClient(base_url=slack.api_url),
        signing_secret=SETTINGS.signing_secret,
        workspaces=workspaces,
        oauth_settings=oauth_settings(SETTINGS, store, engine),
    )
    served = Served(slack_routes(app))
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served.port}") as http:
        yield slack.url, http, workspaces
    await served.stop()


async def test_install_then_use_then_uninstall(
    installing: tuple[str, httpx.AsyncClient, InstalledWorkspaces],
    slack: SlackDouble,
    sessions: async_sessionmaker,
) -> None:
    _, http, workspaces = installing
    assert await workspaces.bot_token(NEW_TEAM) is None
    page = await http.get("/slack/install")
    assert page.status_code == 200
    link = re.search(r'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', page.text)
    assert link is not None
    state = re.search(r"state=([^&\"]+)", link.group(1))
    assert state is not None
    assert "scope=commands" in link.group(1).replace("%2C", ",")

    # The state cookie is `Secure` (the install page is served over https behind the proxy):
    # send it back as the browser would.
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    slack.state.oauth_codes["code-42"] = NEW_TEAM  # the person approved in Slack
    back = await http.get(
        "/slack/oauth_redirect",
        params={"code": "code-42", "state": state.group(1)},
        headers={"Cookie": cookie},
    )
    assert back.status_code == 200, back.text
    assert await workspaces.bot_token(NEW_TEAM) == f"xoxb-{NEW_TEAM}"

    body = signed.slash_command(
        "abonner informatique", team=NEW_TEAM, channel="C0ASSO", user="U0PRES",
        response_url=slack.response_url(7),
    )  # fmt: skip
    answered = await http.post("/slack/events", content=body, headers=signed.signed_headers(body))
    assert answered.status_code == 200
    await until(lambda: len(slack.state.responses) == 1)
    assert "Abonnement n°" in slack.state.responses[0]["text"]

    event = signed.event({"type": "app_uninstalled"}, team=NEW_TEAM)
    headers = signed.signed_headers(event, content_type="application/json")
    assert (await http.post("/slack/events", content=event, headers=headers)).status_code == 200

    async def gone() -> bool:
        async with sessions() as session:
            chats = (await session.scalars(select(ChatRow.external_id))).all()
        return not chats and await workspaces.bot_token(NEW_TEAM) is None

    for _ in range(100):
        if await gone():
            break
        await asyncio.sleep(0.05)
    assert await gone()


async def test_a_forged_state_installs_nothing(
    installing: tuple[str, httpx.AsyncClient, InstalledWorkspaces], slack: SlackDouble
) -> None:
    _, http, workspaces = installing
    slack.state.oauth_codes["code-43"] = NEW_TEAM
    back = await http.get("/slack/oauth_redirect", params={"code": "code-43", "state": "forged"})
    assert back.status_code != 200
    assert await workspaces.bot_token(NEW_TEAM) is None
