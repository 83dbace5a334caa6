"""Which roles this process leads, as `/metrics` reports it and decides what to compute.

Roles: "updates" (receives Telegram's updates), "scheduler" (runs the jobs), "sender"
(drains the outbox). A lone `postes run` leads all three; with several processes, the
leadership module of `postes run --role` answers instead, through the same method.
"""

from __future__ import annotations

from typing import Protocol

ROLES = ("updates", "scheduler", "sender")


class Leadership(Protocol):
    def leads(self, role: str) -> bool:
        """Tell whether this process currently leads `role`."""
        ...


class SoleLeader:
    """The only process: it leads every role."""

    def leads(self, role: str) -> bool:
        return True
