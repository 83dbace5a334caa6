"""Guided subscription through buttons on Slack, the keywords asked in a modal."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.storage.models import SubscriptionRow
from tests.bot.conftest import make_offer, seed
from tests.slack.conftest import CHANNEL, CREATOR, MEMBER
from tests.slack.harness import SlackClient, buttons, texts
from tests.slackapi import signed
from tests.waiting import until

DM = f"D{MEMBER}"


async def _subscriptions(sessions: async_sessionmaker) -> list[SubscriptionRow]:
    async with sessions() as session:
        return list((await session.scalars(select(SubscriptionRow))).all())


async def test_guided_subscription_with_buttons_and_keywords_modal(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await seed(sessions, clock, make_offer(1))
    start = await slack_app.command("abonner", channel=DM, user=MEMBER)
    assert "étape 1/3" in texts(start)
    employer = next(v for v in buttons(start) if v.startswith("sf:e") and v != "sf:e*")
    step2 = await slack_app.press(start, employer, channel=DM, user=MEMBER)
    assert step2 is not None
    assert step2["replace_original"] is True
    assert "Employeur : Province Sud" in texts(step2)
    step3 = await slack_app.press(step2, f"{employer}:c*", channel=DM, user=MEMBER)
    assert step3 is not None
    assert "étape 3/3" in texts(step3)

    state = slack_app.slack.state
    await slack_app.press(step3, f"{employer}:c*:k", channel=DM, user=MEMBER, wait=False)
    await until(lambda: len(state.views) == 1)
    opened = state.views[0]
    assert opened["method"] == "views.open"
    assert opened["view"]["type"] == "modal"
    body = signed.view_submission(
        {"keywords": {"keywords": {"type": "plain_text_input", "value": "juriste"}}},
        team="T0NC", user=MEMBER, callback_id=opened["view"]["callback_id"],
        private_metadata=opened["view"]["private_metadata"],
    )  # fmt: skip
    assert (await slack_app.post(body)).status_code == 200
    await until(lambda: len(state.messages(DM)) == 1)
    assert "Abonnement n°" in (state.messages(DM)[0].text or "")
    [row] = await _subscriptions(sessions)
    assert row.employers == ["Province Sud"]
    assert row.keywords == ["juriste"]


async def test_guided_subscription_in_a_channel_is_for_its_managers(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await seed(sessions, clock, make_offer(1))
    start = await slack_app.command("abonner", channel=CHANNEL, user=CREATOR)
    employer = next(v for v in buttons(start) if v.startswith("sf:e") and v != "sf:e*")
    refused = await slack_app.press(start, employer, channel=CHANNEL, user=MEMBER)
    assert refused is not None
    assert "seuls la personne qui a créé ce canal" in texts(refused)
    step2 = await slack_app.press(start, employer, channel=CHANNEL, user=CREATOR)
    assert step2 is not None
    done = await slack_app.press(step2, f"{employer}:c*", channel=CHANNEL, user=CREATOR)
    assert done is not None
    created = await slack_app.press(done, f"{employer}:c*:ok", channel=CHANNEL, user=CREATOR)
    assert created is not None
    assert "Abonnement n°" in texts(created)
    [row] = await _subscriptions(sessions)
    assert row.employers == ["Province Sud"]


async def test_a_forged_button_changes_nothing(
    slack_app: SlackClient, sessions: async_sessionmaker
) -> None:
    fake = {"blocks": [{"type": "actions", "block_id": "0|", "elements": [
        {"type": "button", "value": "sub:del:999999", "action_id": "postes:0:0"}]}]}  # fmt: skip
    answer = await slack_app.press(fake, "sub:del:999999", channel=DM, user=MEMBER)
    assert answer is not None
    assert "pas d'abonnement n°999999" in texts(answer)
    odd = {"blocks": [{"type": "actions", "block_id": "0|", "elements": [
        {"type": "button", "value": "zz:1", "action_id": "postes:0:0"}]}]}  # fmt: skip
    answer = await slack_app.press(odd, "zz:1", channel=DM, user=MEMBER)
    assert answer is not None
    assert "plus valable" in texts(answer)
