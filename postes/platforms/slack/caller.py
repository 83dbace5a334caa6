"""Who is talking to the Slack app, where, and what the handlers share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.conversation.common import ChatRef
from postes.jobs.localtime import local_today
from postes.platforms.slack import ids


@dataclass(frozen=True, slots=True)
class Deps:
    """The database, the clock and the zone dates are computed in."""

    sessions: async_sessionmaker
    clock: Clock
    zone: ZoneInfo

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return local_today(self.clock(), self.zone)


@dataclass(frozen=True, slots=True)
class Caller:
    """A person (`user`) in a conversation (`channel`) of a workspace (`team`)."""

    team: str
    channel: str
    user: str

    @property
    def is_direct(self) -> bool:
        """A direct message with the app: the person's own chat, like Telegram's private."""
        return self.channel.startswith("D")

    @property
    def chat(self) -> ChatRef:
        return ids.chat_ref(self.team, self.channel)
