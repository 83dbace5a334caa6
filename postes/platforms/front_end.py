"""What `postes run` needs from each chat platform it serves, and which ones are configured.

A front end is built from the settings, opened (its credentials checked with the platform),
given its sender in the delivery registry and its routes on the web server, started (takes
updates) and stopped. `runtime` only assembles them, so a deployment may have Telegram,
Slack, or both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from postes.config import Settings

if TYPE_CHECKING:  # the CLI imports this module: it stays light
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from postes.clock import Clock
    from postes.jobs.leadership import Leadership
    from postes.jobs.senders import Senders
    from postes.web.server import Route


class FrontEnd(Protocol):
    platform: str

    @property
    def key(self) -> str:
        """What names this platform's leases (its bot or workspace), once opened."""
        ...

    @property
    def polls(self) -> bool:
        """Whether it fetches updates itself, one process at a time (an updates lease)."""
        ...

    @property
    def name(self) -> str:
        """How the log line at start names it."""
        ...

    def add_sender(self, senders: Senders) -> None: ...

    def routes(self, max_body: int) -> list[Route]: ...

    async def open(self) -> None: ...

    async def start(self, *, leadership: Leadership, serving: bool) -> None: ...

    async def stop(self) -> None: ...


def configured_platforms(settings: Settings) -> tuple[str, ...]:
    """The platforms the settings give credentials for (none: the console demo)."""
    found = []
    if settings.telegram.token:
        found.append("telegram")
    if settings.slack.enabled:
        found.append("slack")
    return tuple(found)


def build_front_ends(
    settings: Settings,
    *,
    sessions: async_sessionmaker,
    clock: Clock,
    webhook_url: str | None,
) -> list[FrontEnd]:
    """The configured front ends, Telegram first: its bot names the shared sender lease."""
    # Imported here: the CLI asks `configured_platforms` without loading either library.
    from postes.platforms.slack.runtime import SlackFrontEnd
    from postes.platforms.telegram.front_end import TelegramFrontEnd

    fronts: list[FrontEnd] = []
    if settings.telegram.token:
        fronts.append(
            TelegramFrontEnd(settings, sessions=sessions, clock=clock, webhook_url=webhook_url)
        )
    if settings.slack.enabled:
        fronts.append(SlackFrontEnd(settings, sessions=sessions, clock=clock))
    return fronts
