"""Send outbox replies through Telegram, translating its errors for `jobs.deliver`.

Pass the application's bot (an ExtBot built with `ChatRateLimiter`) so that alerts and
command replies share one rate limiter.
"""

from __future__ import annotations

from typing import Any

import telegram
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError
from telegram.error import RetryAfter as TelegramRetryAfter

from postes.conversation.replies import Reply
from postes.jobs.errors import (
    ChatMoved,
    ChatUnavailable,
    MessageRejected,
    RetryAfter,
    SendError,
    TransientError,
)
from postes.platforms.telegram.ratelimit import retry_seconds
from postes.platforms.telegram.render import message_kwargs
from postes.storage.models import ChatRow

# 400s that mean the chat itself is gone, not that this message is wrong.
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "not enough rights")


class TelegramSender:
    """`jobs.errors.Sender` over a PTB bot."""

    def __init__(self, bot: telegram.Bot) -> None:
        self.bot = bot

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        """Send an HTML reply, split into 4096-character messages like every other reply, the
        keyboard under the last; return the last message's id."""
        calls = message_kwargs(reply)
        message_id = ""
        for number, kwargs in enumerate(calls[skip:], start=skip):
            try:
                message_id = await self._send_one(chat, kwargs)
            except SendError as error:
                error.parts_sent = number
                raise
        return message_id

    async def _send_one(self, chat: ChatRow, kwargs: dict[str, Any]) -> str:
        try:
            message = await self.bot.send_message(chat_id=int(chat.external_id), **kwargs)
        except TelegramRetryAfter as error:
            raise RetryAfter(retry_seconds(error)) from error
        except Forbidden as error:
            raise ChatUnavailable(error.message) from error
        except ChatMigrated as error:
            # The group became a supergroup: same chat, new id (`parameters.migrate_to_chat_id`).
            raise ChatMoved(str(error.new_chat_id)) from error
        except BadRequest as error:
            if any(part in error.message.lower() for part in _GONE):
                raise ChatUnavailable(error.message) from error
            raise MessageRejected(error.message) from error
        except NetworkError as error:  # TimedOut included
            raise TransientError(str(error)) from error
        return str(message.message_id)
