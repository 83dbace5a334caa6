"""Who is talking to the Slack app, where, and what the handlers share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.conversation.caller import Caller as CoreCaller
from postes.conversation.common import ChatRef
from postes.jobs.localtime import local_today
from postes.platforms.slack import ids
from postes.storage.chats import DEFAULT_REMINDER_DAYS


@dataclass(frozen=True, slots=True)
class Deps:
    """The database, the clock and the zone dates are computed in."""

    sessions: async_sessionmaker
    clock: Clock
    zone: ZoneInfo
    # What a new chat is reminded of, until it says otherwise (`[schedule] reminder_days`).
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return local_today(self.clock(), self.zone)

    def caller(self, team: str, channel: str, user: str) -> Caller:
        """Who is talking, with the defaults a chat they start gets."""
        return Caller(team, channel, user, self.reminder_days)

    def core(self, who: Caller, may_manage: Callable[[], Awaitable[bool]]) -> CoreCaller:
        """The conversation core's caller: the chat, the person, the time, their rights."""
        return CoreCaller(
            chat=who.chat,
            now=self.now(),
            today=self.today(),
            actor=who.user,
            may_manage=may_manage,
            zone=self.zone,
        )


@dataclass(frozen=True, slots=True)
class Caller:
    """A person (`user`) in a conversation (`channel`) of a workspace (`team`)."""

    team: str
    channel: str
    user: str
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS

    @property
    def is_direct(self) -> bool:
        """A direct message with the app: the person's own chat, like Telegram's private."""
        return self.channel.startswith("D")

    @property
    def chat(self) -> ChatRef:
        return ids.chat_ref(self.team, self.channel, reminder_days=self.reminder_days)
