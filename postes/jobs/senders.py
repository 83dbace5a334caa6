"""Which sender delivers to which platform, and how that platform spells commands.

Outbox rows carry their chat's platform; delivery claims only the rows of platforms it has
a sender for, and renders each notice with that platform's command naming (`/offres` or
`/postes offres`) before handing it to the sender.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from postes.conversation.commands import Naming, slash
from postes.jobs.errors import Sender

# The platform every chat had before there were others; a lone sender serves it.
DEFAULT_PLATFORM = "telegram"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One platform's way out: its sender and its command naming."""

    sender: Sender
    naming: Naming = slash


class Senders:
    """The registry delivery picks from, by platform name."""

    def __init__(self) -> None:
        self._by_platform: dict[str, Delivery] = {}

    @classmethod
    def of(cls, sender: Sender | Senders) -> Senders:
        """A registry as given, or one serving only the default platform with `sender`."""
        if isinstance(sender, Senders):
            return sender
        return cls().add(DEFAULT_PLATFORM, sender)

    def add(self, platform: str, sender: Sender, *, naming: Naming = slash) -> Senders:
        """Deliver `platform`'s messages through `sender`; returns the registry, to chain."""
        if platform in self._by_platform:
            raise ValueError(f"a sender for {platform!r} is already registered")
        self._by_platform[platform] = Delivery(sender, naming)
        return self

    def get(self, platform: str) -> Delivery | None:
        """The platform's sender and naming, or None when none is registered."""
        return self._by_platform.get(platform)

    @property
    def platforms(self) -> frozenset[str]:
        """The platforms this registry can deliver to."""
        return frozenset(self._by_platform)

    def __iter__(self) -> Iterator[tuple[str, Delivery]]:
        return iter(self._by_platform.items())
