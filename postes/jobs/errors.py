"""What a sender may report when a message could not be delivered, platform-neutral.

`deliver_due` decides what each means for the outbox row; senders (Telegram today) only
translate their platform's errors into these.
"""

from __future__ import annotations

from typing import Protocol

from postes.conversation.replies import Reply
from postes.storage.models import ChatRow


class SendError(Exception):
    """Base class of delivery failures.

    `parts_sent` counts the parts of a long reply (split to fit the platform) that went out
    before the failure, so a retry starts at the next part and sends none twice.
    """

    parts_sent: int = 0


class RetryAfter(SendError):
    """Flood control: try again after `seconds`; not the message's fault."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"flood control, retry after {seconds:g} s")
        self.seconds = seconds


class ChatUnavailable(SendError):
    """The chat blocked us, left, or no longer exists: stop writing to it."""


class ChatMoved(SendError):
    """The chat lives on under another id (a group upgraded to a supergroup): move, resend."""

    def __init__(self, new_external_id: str) -> None:
        super().__init__(f"chat moved to {new_external_id}")
        self.new_external_id = new_external_id


class MessageRejected(SendError):
    """The platform refused this message (400): retrying would fail the same way."""


class TransientError(SendError):
    """Network trouble or a server hiccup: retry later."""


class Sender(Protocol):
    """Delivers one reply to one chat, as several messages if it is long; returns the last
    message's id. `skip` parts were already sent by an earlier, interrupted attempt."""

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str: ...
