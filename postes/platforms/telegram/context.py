"""The custom context every handler receives: typed access to settings, database and clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from postes.clock import Clock
from postes.config import Settings


@dataclass(frozen=True, slots=True)
class Deps:
    """What handlers need from the outside world; set once by `build_application`."""

    settings: Settings
    sessions: async_sessionmaker
    clock: Clock


class BotData:
    """`application.bot_data`: PTB builds it with no arguments, so deps are set afterwards."""

    def __init__(self) -> None:
        self.deps: Deps | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with `.settings`, `.sessions`, `.clock`, `.now()` and `.today()`."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, BotData, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def deps(self) -> Deps:
        deps = self.bot_data.deps
        if deps is None:
            raise RuntimeError("build_application() did not set the bot's dependencies")
        return deps

    @property
    def settings(self) -> Settings:
        return self.deps.settings

    @property
    def sessions(self) -> async_sessionmaker:
        return self.deps.sessions

    @property
    def clock(self) -> Clock:
        return self.deps.clock

    def now(self) -> datetime:
        """Current time, timezone-aware."""
        return self.deps.clock()

    def today(self) -> date:
        """Today's date in the configured zone: deadlines are local calendar dates."""
        return self.deps.clock().astimezone(self.deps.settings.timezone).date()
