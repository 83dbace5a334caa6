"""A `Sender` that counts what became of each message it sends, for `/metrics`.

It wraps any platform's sender, so every platform is counted the same way, by the errors of
`jobs.errors` that `deliver` acts upon: what the platform answered, not what we made of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from postes.conversation.replies import Reply
from postes.counters import SEND_OUTCOMES, SENDS
from postes.jobs.errors import ChatUnavailable, RetryAfter, Sender
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
    """Count each send of `sender` under its chat's platform and its outcome."""

    def __init__(self, sender: Sender, *, platforms: Iterable[str] = ("telegram",)) -> None:
        self.sender = sender
        for platform in platforms:  # every series exists from the start, at 0
            for outcome in SEND_OUTCOMES:
                SENDS.labels(platform=platform, outcome=outcome)

    async def send(self, chat: ChatRow, reply: Reply) -> str:
        """Send through the wrapped sender, counting the outcome, re-raising its errors."""
        try:
            message_id = await self.sender.send(chat, reply)
        except Exception as error:
            SENDS.labels(platform=chat.platform, outcome=outcome_of(error)).inc()
            raise
        SENDS.labels(platform=chat.platform, outcome="ok").inc()
        return message_id
