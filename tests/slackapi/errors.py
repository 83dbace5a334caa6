"""How the double refuses a call, and the argument checks every method shares."""

from __future__ import annotations

from typing import Any

from tests.slackapi.state import Channel, Workspace


class Refusal(Exception):
    """An error answer: Slack's error code, HTTP status, headers and details."""

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


def required(args: dict[str, Any], *names: str) -> None:
    for name in names:
        if args.get(name) in (None, ""):
            raise Refusal("invalid_arguments", details=[f"missing required field: {name}"])


def channel_of(workspace: Workspace, args: dict[str, Any]) -> Channel:
    required(args, "channel")
    channel = workspace.channels.get(str(args["channel"]))
    if channel is None:
        raise Refusal("channel_not_found")
    return channel
