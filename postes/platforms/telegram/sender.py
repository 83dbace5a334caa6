"""Send outbox replies through Telegram, translating its errors for `jobs.deliver`.

Pass the application's bot (an ExtBot built with `ChatRateLimiter`) so that alerts and
command replies share one rate limiter.
"""

from __future__ import annotations

import telegram
from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError
from telegram.error import RetryAfter as TelegramRetryAfter

from postes.conversation.replies import Reply
from postes.jobs.errors import (
    ChatMoved,
    ChatUnavailable,
    MessageRejected,
    RetryAfter,
    TransientError,
)
from postes.platforms.telegram.ratelimit import retry_seconds
from postes.platforms.telegram.render import keyboard
from postes.storage.models import ChatRow

# 400s that mean the chat itself is gone, not that this message is wrong.
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "not enough rights")


class TelegramSender:
    """`jobs.errors.Sender` over a PTB bot."""

    def __init__(self, bot: telegram.Bot) -> None:
        self.bot = bot

    async def send(self, chat: ChatRow, reply: Reply) -> str:
        """Send an HTML message without link previews; return its message id."""
        try:
            message = await self.bot.send_message(
                chat_id=int(chat.external_id),
                text=reply.text,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(reply),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
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
