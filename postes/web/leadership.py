"""Which roles this process leads, as `/metrics` reports it and decides what to compute.

Roles: "updates" (receives Telegram's updates), "scheduler" (runs the jobs), "sender"
(drains the outbox). A lone `postes run` leads all three; with several processes, the
leadership module of `postes run --role` answers instead, through the same method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


class LeasedRoles:
    """Roles read from the leases a process competes for (`jobs.leadership`).

    `leases` maps each role this process has to the lease that makes it leader, or to None
    for a role any number of processes lead at once (webhook updates: every replica
    serves them). A role the process does not have is never led.
    """

    def __init__(self, leads: Callable[[str], bool], leases: Mapping[str, str | None]) -> None:
        self._leads = leads
        self._leases = dict(leases)

    def leads(self, role: str) -> bool:
        if role not in self._leases:
            return False
        lease = self._leases[role]
        return lease is None or self._leads(lease)
