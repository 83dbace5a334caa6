"""One token's 30 messages a second, split among the processes that send for it.

Who sends for a bot token: the holder of its `sender:<bot id>` lease (the outbox, and its own
replies when it also serves updates), and every process with the `updates` role (replies to
commands; with a webhook every replica serves). Each has its own `ChatRateLimiter`, so the
sum of their budgets must stay within Telegram's 30/s:

- every process serving updates that does not hold the sender lease (a "replier") keeps a
  reply share `r` (`[telegram] reply_share_per_second`, 5 by default);
- the sender leader gets the rest, `30 - r × repliers`, never below a floor of 10; when the
  floor would break the sum (too many repliers), the reply share shrinks instead to
  `(30 - 10) / repliers`, so that the sum is 30 exactly;
- with no replier (one `--role all` process, the SQLite default) the leader keeps all 30.

Repliers are counted from the `workers` table (live heartbeats, refreshed at each beat of
`jobs.leadership`), so each process recomputes its budget at every beat. A standby that
polls no updates is counted as a replier too: a reserve it may never use, but it is ready
the moment it takes the updates lease. A process stays at the reply share until it knows
it leads, and falls back to it at the first beat after its clock says its lease is no longer
safe, even when that beat could not reach the database. Requests over budget wait; none is dropped.

Left to the transitions: a replica that starts serving before the leader's next beat has
counted it (at most one beat, `BEAT_EVERY`) may add its share on top for that moment.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.jobs.leadership import Leadership, sender_lease
from postes.platforms.telegram.ratelimit import ChatRateLimiter
from postes.storage.leases import lease_holder, live_worker_roles

logger = logging.getLogger(__name__)

TOKEN_PER_SECOND = 30.0
LEADER_FLOOR = 10.0


@dataclass(frozen=True, slots=True)
class Budget:
    """Messages a second for the sender leader, and for each replier."""

    leader: float
    reply: float


def split_budget(
    repliers: int,
    *,
    reply_share: float,
    total: float = TOKEN_PER_SECOND,
    floor: float = LEADER_FLOOR,
) -> Budget:
    """The leader's and each replier's budget so that `leader + reply × repliers <= total`."""
    if repliers <= 0:
        return Budget(leader=total, reply=min(reply_share, total))
    reply = min(reply_share, (total - floor) / repliers)
    return Budget(leader=total - reply * repliers, reply=reply)


def count_repliers(roles_by_worker: Mapping[str, tuple[str, ...]], leader: str | None) -> int:
    """Live workers that serve updates, the sender leader (who has the rest) excepted."""
    return sum(
        1 for worker, roles in roles_by_worker.items() if "updates" in roles and worker != leader
    )


def budget_of(
    roles_by_worker: Mapping[str, tuple[str, ...]],
    *,
    leader: str | None,
    me: str,
    reply_share: float,
) -> float:
    """This process's messages a second for the token, from the live workers' roles."""
    budget = split_budget(count_repliers(roles_by_worker, leader), reply_share=reply_share)
    return budget.leader if me == leader else budget.reply


class TokenBudget:
    """Keeps a process's limiter at its share of its token's budget, beat after beat."""

    def __init__(
        self,
        limiter: ChatRateLimiter,
        leadership: Leadership,
        *,
        sessions: async_sessionmaker,
        bot_id: int | str,
        reply_share: float,
    ) -> None:
        self.limiter, self.leadership, self.sessions = limiter, leadership, sessions
        self.lease = sender_lease(bot_id)
        self.reply_share = reply_share
        # Until the first beat says otherwise, assume others serve too: start at the share.
        self._roles: dict[str, tuple[str, ...]] = {}
        self._leader: str | None = None
        limiter.overall_per_second = min(reply_share, TOKEN_PER_SECOND)

    async def refresh(self, now: datetime) -> None:
        """Read who is alive and who leads, and set the limiter's budget accordingly."""
        try:
            async with self.sessions() as session:
                self._roles = await live_worker_roles(
                    session=session, now=now, stale_after=self.leadership.stale_after
                )
                self._leader = await lease_holder(session=session, name=self.lease, now=now)
        except Exception:  # the database may be away: keep the last known workers
            logger.warning("token budget: workers unreadable, keeping the last count")
        me = self.leadership.worker_id
        # The lease row says who led when read; our own clock says whether we still may.
        leader = self._leader if self._leader != me or self.leadership.leads(self.lease) else None
        rate = budget_of(self._roles, leader=leader, me=me, reply_share=self.reply_share)
        if rate != self.limiter.overall_per_second:
            logger.info("token budget: %.2f messages a second for this process", rate)
            self.limiter.overall_per_second = rate
