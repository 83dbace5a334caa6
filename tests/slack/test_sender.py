"""SlackSender through the double: what Slack answers becomes what delivery understands."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from postes.conversation.replies import Button, Reply
from postes.jobs.errors import ChatUnavailable, MessageRejected, RetryAfter
from postes.platforms.slack.ratelimit import ChannelRateLimiter
from postes.platforms.slack.sender import SlackSender
from postes.platforms.slack.workspaces import ConfiguredToken
from postes.storage.models import ChatRow
from tests.slack.conftest import CHANNEL, MEMBER, TEAM
from tests.slackapi.server import SlackDouble

REPLY = Reply("🔔 <b>Nouvelle offre</b>\nR&amp;D", ((Button("📄 Détails", data="off:1"),),))


def _chat(channel: str = CHANNEL) -> ChatRow:
    return ChatRow(
        id=1,
        platform="slack",
        workspace=TEAM,
        external_id=channel,
        kind="group",
        created_at=datetime(2025, 7, 1, tzinfo=UTC),
    )


def _sender(
    slack: SlackDouble, *, token: str = f"xoxb-{TEAM}", interval: float = 0.0
) -> SlackSender:
    client = AsyncWebClient(base_url=slack.api_url)
    return SlackSender(client, ConfiguredToken(token), ChannelRateLimiter(interval=interval))


async def test_posts_blocks_and_fallback_text(slack: SlackDouble) -> None:
    ts = await _sender(slack).send(_chat(), REPLY)
    [posted] = slack.state.messages(CHANNEL)
    assert posted.ts == ts
    assert posted.text == "🔔 Nouvelle offre\nR&amp;D"
    assert posted.blocks is not None
    assert posted.blocks[-1]["elements"][0]["value"] == "off:1"


@pytest.mark.parametrize(
    ("prepare", "error"),
    [
        (lambda s: s.workspaces[TEAM].channels[CHANNEL].members.clear(), "not_in_channel"),
        (lambda s: setattr(s.workspaces[TEAM].channels[CHANNEL], "archived", True), "is_archived"),
        (lambda s: s.workspaces[TEAM].channels.pop(CHANNEL), "channel_not_found"),
    ],
)
async def test_channels_we_cannot_write_to_are_unavailable(
    slack: SlackDouble, prepare: object, error: str
) -> None:
    prepare(slack.state)  # type: ignore[operator]
    with pytest.raises(ChatUnavailable, match=error):
        await _sender(slack).send(_chat(), REPLY)


async def test_inactive_account_dm_is_unavailable(slack: SlackDouble) -> None:
    slack.state.workspaces[TEAM].users[MEMBER].deleted = True
    with pytest.raises(ChatUnavailable, match="account_inactive"):
        await _sender(slack).send(_chat(f"D{MEMBER}"), REPLY)


async def test_revoked_token_is_unavailable(slack: SlackDouble) -> None:
    slack.state.revoked.add(f"xoxb-{TEAM}")
    with pytest.raises(ChatUnavailable, match="token_revoked"):
        await _sender(slack).send(_chat(), REPLY)


async def test_429_becomes_retry_after(slack: SlackDouble) -> None:
    slack.state.post_interval = 30.0
    sender = _sender(slack)
    await sender.send(_chat(), REPLY)
    with pytest.raises(RetryAfter) as caught:
        await sender.send(_chat(), REPLY)
    assert 29 <= caught.value.seconds <= 30
    assert slack.state.rate_limited == 1


async def test_our_limiter_spaces_posts_so_slack_never_says_429(slack: SlackDouble) -> None:
    waits: list[float] = []
    now = [0.0]

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    slack.state.clock = lambda: now[0]
    client = AsyncWebClient(base_url=slack.api_url)
    sender = SlackSender(
        client,
        ConfiguredToken(f"xoxb-{TEAM}"),
        ChannelRateLimiter(clock=lambda: now[0], sleep=sleep),
    )
    for _ in range(3):
        await sender.send(_chat(), REPLY)
    await sender.send(_chat(f"D{MEMBER}"), REPLY)  # another channel: no wait
    assert len(waits) == 2
    assert slack.state.rate_limited == 0
    assert len(slack.state.posted) == 4


async def test_malformed_message_is_rejected(
    slack: SlackDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The renderer never builds such a message; a broken one must fail the row, not retry it.
    broken = {"text": "x", "blocks": [{"type": "divider"}] * 51}
    monkeypatch.setattr("postes.platforms.slack.sender.message", lambda reply, spell=None: broken)
    with pytest.raises(MessageRejected, match="invalid_blocks"):
        await _sender(slack).send(_chat(), REPLY)
