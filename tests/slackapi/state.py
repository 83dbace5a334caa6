"""The double's world: workspaces, their users and channels, and what was posted."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Channel:
    id: str
    name: str
    creator: str
    kind: str = "channel"  # channel | group (private channel) | im
    members: set[str] = field(default_factory=set)
    archived: bool = False


@dataclass
class User:
    id: str
    is_admin: bool = False
    is_owner: bool = False
    deleted: bool = False  # account_inactive when its DM is written to


@dataclass
class Workspace:
    team_id: str
    name: str
    bot_token: str
    bot_user_id: str
    users: dict[str, User] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)


@dataclass
class Posted:
    team_id: str
    channel: str
    ts: str
    text: str | None
    blocks: list[dict[str, Any]] | None
    method: str = "chat.postMessage"
    user: str | None = None  # for ephemeral messages


class SlackState:
    """Everything the double knows; every access holds `lock` (the server is threaded)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.workspaces: dict[str, Workspace] = {}
        self.tokens: dict[str, str] = {}  # token -> team_id
        self.revoked: set[str] = set()
        self.posted: list[Posted] = []
        self.responses: list[dict[str, Any]] = []  # bodies POSTed to response_urls
        self.views: list[dict[str, Any]] = []  # views.publish / views.open calls
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.refused: list[tuple[str, str]] = []  # (method, error) for every refusal
        self.oauth_codes: dict[str, str] = {}  # code -> team_id
        self.app_tokens: set[str] = set()  # app-level tokens (Socket Mode)
        self.base_url = ""  # where the double serves (for files' upload URLs)
        self.uploads: dict[str, dict[str, Any]] = {}  # file id -> name, length, bytes
        self.files: list[dict[str, Any]] = []  # files shared in channels
        self.socket_url = ""  # where apps.connections.open sends them
        self.post_interval = 1.0  # chat.postMessage per channel, as Slack enforces
        self.last_post: dict[tuple[str, str], float] = {}
        self.rate_limited = 0  # 429s answered
        self._ts = itertools.count(1)

    def add_workspace(self, team_id: str, *, name: str = "Équipe") -> Workspace:
        with self.lock:
            workspace = Workspace(
                team_id, name, bot_token=f"xoxb-{team_id}", bot_user_id=f"UB{team_id}"
            )
            self.workspaces[team_id] = workspace
            self.tokens[workspace.bot_token] = team_id
            return workspace

    def add_user(self, team_id: str, user_id: str, **flags: bool) -> User:
        with self.lock:
            user = User(user_id, **flags)
            self.workspaces[team_id].users[user_id] = user
            return user

    def add_channel(
        self,
        team_id: str,
        channel_id: str,
        *,
        creator: str,
        kind: str = "channel",
        bot_member: bool = True,
        name: str | None = None,
    ) -> Channel:
        with self.lock:
            workspace = self.workspaces[team_id]
            channel = Channel(channel_id, name or channel_id.lower(), creator, kind)
            channel.members.add(creator)
            if bot_member:
                channel.members.add(workspace.bot_user_id)
            workspace.channels[channel_id] = channel
            return channel

    def add_dm(self, team_id: str, user_id: str) -> Channel:
        """The app's direct-message channel with a user (`D…`)."""
        return self.add_channel(team_id, f"D{user_id}", creator=user_id, kind="im")

    def next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def messages(self, channel: str) -> list[Posted]:
        with self.lock:
            return [p for p in self.posted if p.channel == channel]
