"""The Web API methods the bot uses, answered with Slack's statuses and error codes."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tests.slackapi.blocks import MAX_VIEW_BLOCKS, block_problems, message_problems
from tests.slackapi.state import Channel, Posted, SlackState, Workspace

Answer = tuple[int, dict[str, str], dict[str, Any]]


class Refusal(Exception):
    def __init__(
        self,
        error: str,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        details: list[str] | None = None,
    ) -> None:
        super().__init__(error)
        self.error, self.status, self.headers, self.details = error, status, headers or {}, details


def _required(args: dict[str, Any], *names: str) -> None:
    for name in names:
        if args.get(name) in (None, ""):
            raise Refusal("invalid_arguments", details=[f"missing required field: {name}"])


def _channel(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> Channel:
    _required(args, "channel")
    channel = workspace.channels.get(str(args["channel"]))
    if channel is None:
        raise Refusal("channel_not_found")
    return channel


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
    channel = _channel(state, workspace, args)
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
    channel = _channel(state, workspace, args)
    _required(args, "user")
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
    channel = _channel(state, workspace, args)
    _required(args, "ts")
    problem = message_problems(args)
    if problem is not None:
        raise Refusal(problem[0], details=problem[1])
    for posted in state.posted:
        if posted.channel == channel.id and posted.ts == args["ts"]:
            posted.text, posted.blocks = args.get("text"), args.get("blocks")
            return {"channel": channel.id, "ts": posted.ts}
    raise Refusal("message_not_found")


def _view(state: SlackState, args: dict[str, Any], method: str) -> dict[str, Any]:
    view = args.get("view")
    if not isinstance(view, dict) or view.get("type") not in ("home", "modal"):
        raise Refusal("invalid_arguments", details=["view must be a home or modal view"])
    problems = block_problems(view.get("blocks", []), max_blocks=MAX_VIEW_BLOCKS)
    if problems:
        raise Refusal("invalid_blocks", details=problems)
    state.views.append({"method": method, **args})
    return {"view": {"id": f"V{len(state.views)}", **view}}


def views_publish(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    _required(args, "user_id", "view")
    if args["user_id"] not in workspace.users:
        raise Refusal("user_not_found")
    return _view(state, args, "views.publish")


def views_open(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    _required(args, "trigger_id", "view")
    return _view(state, args, "views.open")


def conversations_info(
    state: SlackState, workspace: Workspace, args: dict[str, Any]
) -> dict[str, Any]:
    channel = _channel(state, workspace, args)
    return {
        "channel": {
            "id": channel.id,
            "name": channel.name,
            "creator": channel.creator,
            "is_im": channel.kind == "im",
            "is_private": channel.kind != "channel",
            "is_archived": channel.archived,
            "is_member": workspace.bot_user_id in channel.members,
        }
    }


def users_info(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    _required(args, "user")
    user = workspace.users.get(str(args["user"]))
    if user is None:
        raise Refusal("user_not_found")
    return {
        "user": {
            "id": user.id,
            "team_id": workspace.team_id,
            "is_admin": user.is_admin,
            "is_owner": user.is_owner,
            "deleted": user.deleted,
        }
    }


def auth_test(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": f"https://{workspace.team_id.lower()}.slack.com/",
        "team": workspace.name,
        "team_id": workspace.team_id,
        "user_id": workspace.bot_user_id,
        "bot_id": f"B{workspace.team_id}",
        "is_enterprise_install": False,
    }


AUTHENTICATED: dict[str, Callable[[SlackState, Workspace, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": auth_test,
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update_message,
    "conversations.info": conversations_info,
    "users.info": users_info,
    "views.publish": views_publish,
    "views.open": views_open,
}


def oauth_access(state: SlackState, args: dict[str, Any]) -> dict[str, Any]:
    """oauth.v2.access: a code from the install redirect becomes the workspace's bot token."""
    _required(args, "code", "client_id", "client_secret")
    team_id = state.oauth_codes.pop(str(args["code"]), None)
    if team_id is None:
        raise Refusal("invalid_code")
    workspace = state.workspaces[team_id]
    return {
        "app_id": "A0POSTES",
        "authed_user": {"id": next(iter(workspace.users), "U0")},
        "scope": "commands,chat:write",
        "token_type": "bot",
        "access_token": workspace.bot_token,
        "bot_user_id": workspace.bot_user_id,
        "team": {"id": team_id, "name": workspace.name},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def connections_open(state: SlackState, token: str | None) -> dict[str, Any]:
    """apps.connections.open: an app-level token gets a Socket Mode URL."""
    if not token or not token.startswith("xapp-"):
        raise Refusal("not_allowed_token_type" if token else "not_authed")
    if token not in state.app_tokens or not state.socket_url:
        raise Refusal("invalid_auth")
    return {"url": state.socket_url}


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
