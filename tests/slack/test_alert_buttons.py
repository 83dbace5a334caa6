"""Buttons under an alert posted in a channel: agenda file, applied, remind me."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.deliver import deliver_due
from postes.jobs.localtime import NOUMEA
from tests.slack.conftest import CHANNEL, CREATOR, MEMBER, TEAM
from tests.slack.harness import SlackClient, buttons, find_button, texts
from tests.slack.test_delivery import _slack_channel_with_alerts, slack_only
from tests.slackapi import signed
from tests.waiting import until


async def _alert(slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock) -> dict:
    await _slack_channel_with_alerts(sessions, clock, 1)
    await deliver_due(
        sessions=sessions, sender=slack_only(slack_app.slack), clock=clock, zone=NOUMEA
    )
    [posted] = slack_app.slack.state.messages(CHANNEL)
    return {"type": "message", "ts": posted.ts, "text": posted.text, "blocks": posted.blocks}


async def _press(
    slack_app: SlackClient, alert: dict[str, Any], prefix: str, user: str, count: int = 1
) -> list[dict[str, Any]]:
    value = next(v for v in buttons(alert) if v.startswith(prefix))
    block_id, action_id = find_button(alert, value)
    state = slack_app.slack.state
    before = len(state.responses)
    body = signed.block_action(
        value, team=TEAM, channel=CHANNEL, user=user, response_url=slack_app.slack.response_url(5),
        block_id=block_id, action_id=action_id, ephemeral=False, message=alert,
    )  # fmt: skip
    assert (await slack_app.post(body)).status_code == 200
    await until(lambda: len(state.responses) >= before + count or bool(state.files))
    return state.responses[before:]


async def test_agenda_button_shares_an_ics_file_in_the_channel(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    alert = await _alert(slack_app, sessions, clock)
    await _press(slack_app, alert, "ics:", MEMBER, count=0)
    await until(lambda: bool(slack_app.slack.state.files))
    [shared] = slack_app.slack.state.files
    assert shared["channel"] == CHANNEL
    assert shared["filename"].endswith(".ics")
    assert b"BEGIN:VCALENDAR" in shared["data"]


async def test_applied_changes_the_alert_buttons_and_keeps_its_text(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    alert = await _alert(slack_app, sessions, clock)
    refused = await _press(slack_app, alert, "app:", MEMBER)
    assert "seuls la personne qui a créé ce canal" in texts(refused[-1])
    answers = await _press(slack_app, alert, "app:", CREATOR, count=2)
    replaced = next(a for a in answers if a.get("replace_original") in (True, "true"))
    assert texts(replaced) == texts(alert)  # the alert's text stays
    assert not any(v.startswith("app:") for v in buttons(replaced))
    notice = next(a for a in answers if a is not replaced)
    assert notice["response_type"] == "ephemeral"


async def test_remind_me_takes_its_button_off(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    alert = await _alert(slack_app, sessions, clock)
    answers = await _press(slack_app, alert, "fol:", CREATOR, count=2)
    replaced = next(a for a in answers if a.get("replace_original") in (True, "true"))
    assert not any(v.startswith("fol:") for v in buttons(replaced))
    assert any(v.startswith("off:") for v in buttons(replaced))  # the others stay
