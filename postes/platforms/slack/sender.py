"""Send outbox replies with chat.postMessage, translating Slack's errors for `jobs.deliver`.

A 429 becomes `RetryAfter` (its `Retry-After` header): delivery reschedules that row and goes
on with the other channels. A channel we can no longer write to (deleted, left, archived, a
deactivated user's DM) becomes `ChatUnavailable`, which deactivates the chat as a Telegram 403
does. A message Slack refuses as malformed is `MessageRejected`; anything else is transient.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from postes.conversation.replies import Reply
from postes.jobs.errors import ChatUnavailable, MessageRejected, RetryAfter, TransientError
from postes.platforms.slack.ids import channel_key
from postes.platforms.slack.ratelimit import ChannelRateLimiter
from postes.platforms.slack.render import message
from postes.platforms.slack.workspaces import Workspaces
from postes.storage.models import ChatRow

GONE = frozenset(
    {"channel_not_found", "not_in_channel", "is_archived", "account_inactive", "user_not_found"}
)
# The workspace no longer has us: every chat of it is gone, not just this one.
UNINSTALLED = frozenset({"invalid_auth", "token_revoked", "account_inactive", "not_authed"})
REJECTED = frozenset(
    {"invalid_blocks", "msg_too_long", "no_text", "invalid_arguments", "too_many_attachments"}
)


def retry_after(error: SlackApiError) -> float:
    """The wait Slack asks for, from the `Retry-After` header (1 s when it is missing)."""
    for name, value in (error.response.headers or {}).items():
        if name.lower() == "retry-after":
            try:
                return max(float(value), 1.0)
            except ValueError:
                break
    return 1.0


class SlackSender:
    """`jobs.errors.Sender` for Slack chats."""

    def __init__(
        self,
        client: AsyncWebClient,
        tokens: Workspaces,
        limiter: ChannelRateLimiter | None = None,
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.limiter = limiter or ChannelRateLimiter()

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        """Post the reply in the chat's channel; return the message's `ts`.

        A reply is one Slack message (the renderer clamps it), so there is never a part left
        once one was sent (`skip`)."""
        if skip:
            return ""
        team_id, channel = chat.workspace, chat.external_id
        token = await self.tokens.bot_token(team_id)
        if token is None:
            raise ChatUnavailable(f"workspace {team_id} is not installed")
        try:
            async with self.limiter.turn(channel_key(team_id, channel)):
                response = await self.client.chat_postMessage(
                    token=token,
                    channel=channel,
                    unfurl_links=False,
                    unfurl_media=False,
                    **message(reply),
                )
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if error.response.status_code == 429:
                raise RetryAfter(retry_after(error)) from error
            if code in GONE or code in UNINSTALLED:
                raise ChatUnavailable(code) from error
            if code in REJECTED:
                raise MessageRejected(code) from error
            raise TransientError(f"{error.response.status_code} {code}") from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TransientError(f"{type(error).__name__}: {error}") from error
        return str(response["ts"])
