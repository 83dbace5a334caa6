"""`/postes …` end to end: signed requests in, answers through the double."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from tests.bot.conftest import make_offer, seed
from tests.slack.conftest import CHANNEL, CREATOR, MEMBER
from tests.slack.harness import SlackClient, buttons, footer_of, texts
from tests.slackapi import signed


async def test_offres_answers_ephemerally_with_pages(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await seed(sessions, clock, *(make_offer(n) for n in range(1, 8)))
    answer = await slack_app.command("offres attaché", channel=CHANNEL, user=MEMBER)
    assert answer["response_type"] == "ephemeral"
    assert "Chargé de mission" in texts(answer)
    assert "ofp:2" in buttons(answer)
    assert footer_of(answer) == "🔎 /postes offres attaché · page 1/2"
    assert "/postes offres" in texts(answer) or "/postes offres" in answer["text"]
    page = await slack_app.press(answer, "ofp:2", channel=CHANNEL, user=MEMBER)
    assert page is not None
    assert page["replace_original"] is True
    assert "page 2/2" in texts(page)
    assert "ofp:1" in buttons(page)


async def test_bad_signature_and_old_timestamp_are_refused(slack_app: SlackClient) -> None:
    body = signed.slash_command(
        "aide",
        team="T0NC",
        channel=CHANNEL,
        user=MEMBER,
        response_url=slack_app.slack.response_url(99),
    )
    forged = signed.signed_headers(body, secret="not-the-secret")
    assert (await slack_app.post(body, headers=forged)).status_code == 401
    old = signed.signed_headers(body, timestamp=int(time.time()) - 10 * 60)
    assert (await slack_app.post(body, headers=old)).status_code == 401
    tampered = signed.signed_headers(body)
    assert (await slack_app.post(body.replace("aide", "stop"), headers=tampered)).status_code == 401
    assert slack_app.slack.state.responses == []
    assert (await slack_app.post(body)).status_code == 200


async def test_unknown_subcommand_typos_and_accents(
    slack_app: SlackClient, sessions: async_sessionmaker, clock: FakeClock
) -> None:
    answer = await slack_app.command("bonjour", channel=CHANNEL, user=MEMBER)
    assert "Je ne connais pas cette commande" in texts(answer)
    assert "/postes abonner" in texts(answer)
    typo = await slack_app.command("ofres attaché", channel=CHANNEL, user=MEMBER)
    assert "Vouliez-vous dire /postes offres attaché ?" in texts(typo)
    accented = await slack_app.command("Échéances", channel=CHANNEL, user=MEMBER)
    assert "Rien à l'horizon" in texts(accented)  # the deadlines command ran


async def test_oversized_body_is_refused_unread(slack_app: SlackClient) -> None:
    body = "x" * (300 * 1024)
    response = await slack_app.post(body)
    assert response.status_code == 413


async def test_channel_subscription_needs_creator_or_admin(slack_app: SlackClient) -> None:
    refused = await slack_app.command("abonner informatique", channel=CHANNEL, user=MEMBER)
    assert "seuls la personne qui a créé ce canal" in texts(refused)
    done = await slack_app.command("abonner informatique", channel=CHANNEL, user=CREATOR)
    assert "informatique" in texts(done)
    listed = await slack_app.command("abonnements", channel=CHANNEL, user=MEMBER)
    assert "informatique" in texts(listed)


async def test_subscribing_a_channel_the_app_is_not_in_says_to_invite_it(
    slack_app: SlackClient,
) -> None:
    slack_app.slack.state.add_channel("T0NC", "C0SANSBOT", creator=CREATOR, bot_member=False)
    answer = await slack_app.command("abonner informatique", channel="C0SANSBOT", user=CREATOR)
    assert "Abonnement n°" in texts(answer)
    assert "invitez-moi" in texts(answer)
    member = await slack_app.command("abonner juriste", channel=CHANNEL, user=CREATOR)
    assert "invitez-moi" not in texts(member)
