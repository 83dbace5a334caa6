"""Methods that read the workspace, views, and installing: answered as Slack does."""

from __future__ import annotations

from typing import Any

from tests.slackapi.blocks import MAX_VIEW_BLOCKS, block_problems
from tests.slackapi.errors import Refusal, channel_of, required
from tests.slackapi.state import SlackState, Workspace


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
    required(args, "user_id", "view")
    if args["user_id"] not in workspace.users:
        raise Refusal("user_not_found")
    return _view(state, args, "views.publish")


def views_open(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    required(args, "trigger_id", "view")
    return _view(state, args, "views.open")


def conversations_info(
    state: SlackState, workspace: Workspace, args: dict[str, Any]
) -> dict[str, Any]:
    channel = channel_of(workspace, args)
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
    required(args, "user")
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


def oauth_access(state: SlackState, args: dict[str, Any]) -> dict[str, Any]:
    """oauth.v2.access: a code from the install redirect becomes the workspace's bot token."""
    required(args, "code", "client_id", "client_secret")
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


def upload_url(state: SlackState, workspace: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """files.getUploadURLExternal: where to send a file's bytes."""
    required(args, "filename", "length")
    file_id = f"F{len(state.uploads) + 1:05d}"
    state.uploads[file_id] = {"filename": args["filename"], "length": args["length"]}
    return {"upload_url": f"{state.base_url}/upload/{file_id}", "file_id": file_id}


def complete_upload(
    state: SlackState, workspace: Workspace, args: dict[str, Any]
) -> dict[str, Any]:
    """files.completeUploadExternal: share uploaded files in a channel."""
    required(args, "files")
    channel = channel_of(workspace, {"channel": args.get("channel_id")})
    if workspace.bot_user_id not in channel.members and channel.kind != "im":
        raise Refusal("not_in_channel")
    shared = []
    for item in args["files"]:
        upload = state.uploads.get(str(item.get("id")))
        if upload is None or "data" not in upload:
            raise Refusal("file_not_found")
        state.files.append(
            {"channel": channel.id, "comment": args.get("initial_comment"), **upload}
        )
        shared.append({"id": item["id"], "title": item.get("title"), "name": upload["filename"]})
    return {"files": shared}
