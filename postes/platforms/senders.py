"""One sender for the outbox that hands each chat to its own platform's sender.

A new offer gives one outbox row per chat whatever its platform, and one scheduler serves
them all: delivery calls this, which picks the Telegram or Slack sender by `chat.platform`.
A chat of a platform this process does not serve is left for later (`TransientError`), not
dropped: another process, or the next start with that platform configured, sends it.
"""

from __future__ import annotations

from collections.abc import Mapping

from postes.conversation.replies import Reply
from postes.jobs.errors import Sender, TransientError
from postes.storage.models import ChatRow


class SenderByPlatform:
    """`jobs.errors.Sender` over one sender per platform."""

    def __init__(self, senders: Mapping[str, Sender]) -> None:
        self.senders = dict(senders)

    async def send(self, chat: ChatRow, reply: Reply) -> str:
        sender = self.senders.get(chat.platform)
        if sender is None:
            raise TransientError(f"no sender for platform {chat.platform!r} in this process")
        return await sender.send(chat, reply)
