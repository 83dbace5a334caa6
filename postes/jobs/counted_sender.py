"""Senders that count what became of each message they send, for `/metrics`.

Each platform's sender of a `Senders` registry is wrapped, so every platform is counted the
same way, by the errors of `jobs.errors` that `deliver` acts upon: what the platform
answered, not what we made of it.
"""

from __future__ import annotations

from postes.conversation.replies import Reply
from postes.counters import SEND_OUTCOMES, SENDS
from postes.jobs.errors import ChatUnavailable, RetryAfter, Sender
from postes.jobs.senders import Senders
from postes.storage.models import ChatRow


def outcome_of(error: BaseException | None) -> str:
    """The `outcome` label of a send that raised `error` (None: it went through)."""
    if error is None:
        return "ok"
    if isinstance(error, RetryAfter):
        return "retry_after"
    if isinstance(error, ChatUnavailable):
        return "blocked"
    return "error"  # refused message, network trouble, anything unexpected


class CountedSender:
    """Count each send of `sender`, the sender of `platform`, by outcome."""

    def __init__(self, sender: Sender, *, platform: str) -> None:
        self.sender = sender
        self.platform = platform
        for outcome in SEND_OUTCOMES:  # every series exists from the start, at 0
            SENDS.labels(platform=platform, outcome=outcome)

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        """Send through the wrapped sender, counting the outcome (one per reply, however
        many parts it takes), re-raising its errors."""
        try:
            message_id = await self.sender.send(chat, reply, skip=skip)
        except Exception as error:
            SENDS.labels(platform=self.platform, outcome=outcome_of(error)).inc()
            raise
        SENDS.labels(platform=self.platform, outcome="ok").inc()
        return message_id


def counted(sender: Sender | Senders) -> Senders:
    """The same registry (or lone sender), each platform's sender counted."""
    wrapped = Senders()
    for platform, delivery in Senders.of(sender):
        wrapped.add(
            platform, CountedSender(delivery.sender, platform=platform), naming=delivery.naming
        )
    return wrapped
