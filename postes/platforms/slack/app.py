"""Build the bolt `AsyncApp`: the `/postes` command, buttons, modals, events, App Home.

Every listener acknowledges first (Slack wants an answer within 3 s), then works and
answers through the `response_url` (`respond`) or the Web API. Nothing here decides what
to say: that is `commands`, `actions` and `events`, over the conversation core.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from postes.conversation import messages
from postes.conversation.actions import answer_prompt, run_command
from postes.conversation.caller import Send
from postes.conversation.presses import press_button
from postes.conversation.replies import Reply
from postes.platforms.slack import home, modal
from postes.platforms.slack.caller import Caller, Deps
from postes.platforms.slack.commands import spelled, split_command
from postes.platforms.slack.events import register_events
from postes.platforms.slack.ids import channel_key
from postes.platforms.slack.outcomes import Where, render, with_note
from postes.platforms.slack.permissions import NOT_A_MEMBER, bot_is_member, may_manage
from postes.platforms.slack.ratelimit import ChannelRateLimiter
from postes.platforms.slack.render import ACTION_PREFIX, LINK_PREFIX, message, read_block_id
from postes.platforms.slack.workspaces import Authorizer, Workspaces

logger = logging.getLogger(__name__)


def _press_caller(deps: Deps, body: dict[str, Any]) -> Caller:
    team = (body.get("team") or {}).get("id") or body["user"]["team_id"]
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id", ""
    )
    if not channel and body.get("view"):  # a press in the App Home: the person's DM
        channel = home.channel_of(body["view"])
    return deps.caller(team, channel, body["user"]["id"])


def build_slack_app(
    *,
    deps: Deps,
    client: AsyncWebClient,
    signing_secret: str | None,
    workspaces: Workspaces,
    limiter: ChannelRateLimiter | None = None,
    oauth_settings: AsyncOAuthSettings | None = None,
) -> AsyncApp:
    """The Slack app; `client` carries `[slack] api_url`, used for every Web API call.

    Pass the sender's `limiter`: replies posted in a channel and alerts share its 1 per second.
    With `oauth_settings` (many workspaces), bolt authorizes from the installation store;
    otherwise `workspaces` gives the configured token.
    """
    limiter = limiter or ChannelRateLimiter()

    async def post(client: Any, caller: Caller, reply: Reply) -> None:
        async with limiter.turn(channel_key(caller.team, caller.channel)):
            await client.chat_postMessage(channel=caller.channel, **message(reply))

    authorizer = Authorizer(workspaces, client)

    async def authorize(enterprise_id: str | None, team_id: str | None) -> Any:
        return await authorizer(enterprise_id, team_id)  # None: not installed there

    async def forget_installation(team_id: str) -> None:
        authorizer.forget_team(team_id)
        await workspaces.forget(team_id)

    app = AsyncApp(
        client=client,
        signing_secret=signing_secret or "",
        # Only Socket Mode goes without: its requests come over our own connection.
        request_verification_enabled=bool(signing_secret),
        authorize=None if oauth_settings else authorize,
        oauth_settings=oauth_settings,
        installation_store=oauth_settings.installation_store if oauth_settings else None,
        # Each listener acknowledges itself first, then keeps working.
        process_before_response=False,
        # Answering our own messages would loop; bolt drops them.
        ignoring_self_events_enabled=True,
    )

    def where(client: Any, who: Caller, **how: Any) -> Where:
        async def post_here(reply: Reply) -> None:
            await post(client, who, reply)

        return Where(client, who.channel, who.user, post_here, **how)

    @app.command("/postes")
    @spelled
    async def on_command(ack: Any, command: dict[str, Any], respond: Any, client: Any) -> None:
        await ack()
        who = deps.caller(command["team_id"], command["channel_id"], command["user_id"])
        core = deps.core(who, lambda: may_manage(client, who))
        name, _, rest = (command.get("text") or "").strip().partition(" ")
        outcomes = await run_command(
            sessions=deps.sessions, caller=core, name=name.lstrip("/") or "start", text=rest.strip()
        )
        if split_command(name)[0] == "subscribe" and not await bot_is_member(client, who):
            # Typed in a channel the app was not invited to: its alerts could not arrive.
            outcomes = with_note(outcomes, NOT_A_MEMBER)
        here = where(client, who, respond=respond, trigger_id=command.get("trigger_id"))
        await render(here, outcomes)

    @app.action(re.compile("^" + re.escape(ACTION_PREFIX)))
    @spelled
    async def on_press(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: Any
    ) -> None:
        await ack()
        who = _press_caller(deps, body)
        in_home = bool(body.get("view")) and not body.get("message")
        outcomes = await press_button(
            sessions=deps.sessions,
            caller=deps.core(who, lambda: may_manage(client, who)),
            data=str(action.get("value") or ""),
            message_text=read_block_id(action.get("block_id")),  # the footer it carries
        )
        here = where(
            client,
            who,
            respond=None if in_home else respond,  # the Home answers in the DM
            trigger_id=body.get("trigger_id"),
            pressed=body.get("message"),
            action_id=action.get("action_id"),
            edits=not in_home,
        )
        await render(here, outcomes)
        if in_home:
            await home.publish(deps, client, who)

    @app.action(re.compile("^" + re.escape(LINK_PREFIX)))
    async def on_link(ack: Any) -> None:
        await ack()  # the browser opens the link; Slack still wants an acknowledgement

    @app.view(modal.CALLBACK_ID)
    @spelled
    async def on_keywords(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any
    ) -> None:
        await ack()
        found = modal.read_submission(view)
        if found is None:
            return
        prompt, channel, typed = found
        who = deps.caller(body["team"]["id"], channel, body["user"]["id"])
        outcomes = await answer_prompt(
            sessions=deps.sessions,
            caller=deps.core(who, lambda: may_manage(client, who)),
            prompt_text=prompt,
            typed=typed,
        )
        outcomes = outcomes or [Send(Reply(messages.expired_button()))]
        if who.is_direct:
            await render(where(client, who), outcomes)
            return

        async def whisper(reply: Reply) -> None:  # in a channel: for the person only
            await client.chat_postEphemeral(channel=channel, user=who.user, **message(reply))

        await render(Where(client, channel, who.user, whisper), outcomes)

    register_events(app, deps, post, forget_installation)

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        logger.error("slack request failed: %s", body.get("type"), exc_info=error)

    return app
