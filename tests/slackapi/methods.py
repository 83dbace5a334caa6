"""The Web API methods the bot uses, answered with Slack's statuses and error codes."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tests.slackapi.blocks import message_problems
from tests.slackapi.directory import (
    auth_test,
    complete_upload,
    connections_open,
    conversations_info,
    oauth_access,
    upload_url,
    users_info,
    views_open,
    views_publish,
)
from tests.slackapi.errors import Refusal, channel_of, required
from tests.slackapi.state import Channel, Posted, SlackState, Workspace

Answer = tuple[int, dict[str, str], dict[str, Any]]


def _writable(state: SlackState, workspace: Workspace, channel: Channel) -> None:
    if channel.archived:
        raise Refusal("is_archived")
    if channel.kind == "im":
        user = workspace.users.get(channel.creator)
        if user is not None and user.deleted:
            raise Refusal("account_inactive")
    elif workspace.bot_user_id not in channel.members:
        raise Refusal("not_in_channel")


def _rate(state: SlackState, workspace: Workspace, channel: Channel) -> None:
    key = (workspace.team_id, channel.id)
    now = state.clock()
    last = state.last_post.get(key)
    if last is not None and now - last < state.post_interval:
        state.rate_limited += 1
        wait = max(1, math.ceil(state.post_interval - (now - last)))
        raise Refusal("ratelimited", status=429, headers={"Retry-After": str(wait)})
    state.last_post[key] = now


def post_message(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = channel_of(workspace, args)
    problem = message_problems(args)
    if problem is not None:
        raise Refusal(problem[0], details=problem[1])
    _writable(state, workspace, channel)
    _rate(state, workspace, channel)
    ts = state.next_ts()
    state.posted.append(
        Posted(workspace.team_id, channel.id, ts, args.get("text"), args.get("blocks"))
    )
    return {"channel": channel.id, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}


def post_ephemeral(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = channel_of(workspace, args)
    required(args, "user")
    problem = message_problems(args)
    if problem is not None:
        raise Refusal(problem[0], details=problem[1])
    _writable(state, workspace, channel)
    ts = state.next_ts()
    state.posted.append(
        Posted(
            workspace.team_id,
            channel.id,
            ts,
            args.get("text"),
            args.get("blocks"),
            "chat.postEphemeral",
            str(args["user"]),
        )
    )
    return {"message_ts": ts}


def update_message(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = channel_of(workspace, args)
    required(args, "ts")
    problem = message_problems(args)
    if problem is not None:
        raise Refusal(problem[0], details=problem[1])
    for posted in state.posted:
        if posted.channel == channel.id and posted.ts == args["ts"]:
            posted.text, posted.blocks = args.get("text"), args.get("blocks")
            return {"channel": channel.id, "ts": posted.ts}
    raise Refusal("message_not_found")


AUTHENTICATED: dict[str, Callable[[SlackState, Workspace, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": auth_test,
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update_message,
    "conversations.info": conversations_info,
    "users.info": users_info,
    "views.publish": views_publish,
    "views.open": views_open,
    "files.getUploadURLExternal": upload_url,
    "files.completeUploadExternal": complete_upload,
}


def call(state: SlackState, method: str, args: dict[str, Any], token: str | None) -> Answer:
    """Answer one Web API call: (HTTP status, headers, JSON body)."""
    with state.lock:
        state.calls.append((method, args))
        try:
            if method == "oauth.v2.access":
                return 200, {}, {"ok": True, **oauth_access(state, args)}
            if method == "apps.connections.open":
                return 200, {}, {"ok": True, **connections_open(state, token)}
            handler = AUTHENTICATED.get(method)
            if handler is None:
                raise Refusal("unknown_method", status=404)
            if not token:
                raise Refusal("not_authed")
            if token in state.revoked:
                raise Refusal("token_revoked")
            team_id = state.tokens.get(token)
            if team_id is None:
                raise Refusal("invalid_auth")
            return 200, {}, {"ok": True, **handler(state, state.workspaces[team_id], args)}
        except Refusal as refusal:
            state.refused.append((method, refusal.error))
            body: dict[str, Any] = {"ok": False, "error": refusal.error}
            if refusal.details:
                body["response_metadata"] = {"messages": refusal.details}
            return refusal.status, refusal.headers, body
