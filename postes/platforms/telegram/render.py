"""Render platform-neutral replies for Telegram: HTML, inline keyboards, 4096-char chunks."""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    MaybeInaccessibleMessage,
    Message,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from postes.conversation.replies import Attachment, Button, Reply

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-z-]+)[^>]*>")
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def _size(text: str) -> int:
    # Telegram counts UTF-16 code units; measuring the HTML source over-counts, which is safe.
    return len(text.encode("utf-16-le")) // 2


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for closing, tag in _TAG.findall(text):
        if not closing:
            stack.append(tag)
        elif not stack or stack.pop() != tag:
            return False
    return not stack


def _plain(text: str) -> str:
    """Drop the markup of a piece of HTML, keeping its text escaped."""
    return html.escape(html.unescape(_TAG.sub("", text)), quote=False)


def _cut(line: str, limit: int) -> list[str]:
    """Cut a line longer than `limit` at spaces; its markup is dropped so no tag is split."""
    words = html.unescape(_TAG.sub("", line)).split(" ")
    pieces, current = [], ""
    for word in words:
        while _size(html.escape(word, quote=False)) > limit:  # one huge word: hard cut
            head, word = word[: limit // 6], word[limit // 6 :]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        candidate = f"{current} {word}" if current else word
        if _size(html.escape(candidate, quote=False)) > limit:
            pieces.append(current)
            current = word
        else:
            current = candidate
    if current:
        pieces.append(current)
    return [html.escape(piece, quote=False) for piece in pieces if piece.strip()]


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split HTML into messages of at most `limit` characters, between lines.

    Our texts open and close every tag on one line, so cutting between lines keeps each chunk
    valid; a chunk that would still be unbalanced is sent without markup rather than refused.
    """
    if _size(text) <= limit:
        return [text]
    chunks: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        pieces = [line] if _size(line) <= limit else _cut(line, limit)
        for piece in pieces:
            if current and _size("\n".join([*current, piece])) > limit:
                chunks.append("\n".join(current))
                current = []
            current.append(piece)
    if current:
        chunks.append("\n".join(current))
    chunks = [c.strip("\n") for c in chunks if c.strip()]
    return [c if _balanced(c) else _plain(c) for c in chunks]


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The inline keyboard of a reply, or None without buttons."""
    return inline_keyboard(reply.buttons)


def inline_keyboard(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """Rows of buttons as an inline keyboard, or None without buttons."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.text, callback_data=b.data)
                if b.data is not None
                else InlineKeyboardButton(b.text, url=b.url)
                for b in row
            ]
            for row in buttons
        ]
    )


def keyboard_without(markup: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup | None:
    """A message's keyboard without the button whose callback data is `data`."""
    rows = [
        [b for b in row if b.callback_data != data]
        for row in (markup.inline_keyboard if markup else ())
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def message_kwargs(reply: Reply) -> list[dict[str, Any]]:
    """Arguments for the sendMessage calls of a reply; the keyboard goes with the last one."""
    chunks = split_html(reply.text)
    calls = [
        {"text": chunk, "parse_mode": ParseMode.HTML, "link_preview_options": _NO_PREVIEW}
        for chunk in chunks
    ]
    calls[-1]["reply_markup"] = keyboard(reply)
    return calls


async def send_reply(
    bot: Bot, chat_id: int, reply: Reply, *, force_reply: str | None = None
) -> Message:
    """Send a reply as one or more messages; `force_reply` asks for an answer (placeholder)."""
    calls = message_kwargs(reply)
    if force_reply is not None:
        calls[-1]["reply_markup"] = ForceReply(input_field_placeholder=force_reply)
    message = None
    for kwargs in calls:
        message = await bot.send_message(chat_id=chat_id, **kwargs)
    assert message is not None  # split_html returns at least one chunk
    return message


async def edit_reply(bot: Bot, message: MaybeInaccessibleMessage, reply: Reply) -> None:
    """Replace a message by a reply (pagination, settings); overflow goes in new messages."""
    calls = message_kwargs(reply)
    first, rest = calls[0], calls[1:]
    if rest:
        first["reply_markup"] = None
    try:
        await bot.edit_message_text(chat_id=message.chat.id, message_id=message.message_id, **first)
    except BadRequest as error:
        # Pressing the button of the state already shown changes nothing; Telegram says so.
        if "not modified" not in error.message.lower():
            raise
        logger.debug("message %s unchanged", message.message_id)
    for kwargs in rest:
        await bot.send_message(chat_id=message.chat.id, **kwargs)


async def send_attachment(bot: Bot, chat_id: int, attachment: Attachment) -> Message:
    """Send a file (an .ics event, a notice) with its HTML caption."""
    return await bot.send_document(
        chat_id=chat_id,
        document=attachment.content,
        filename=attachment.filename,
        caption=attachment.caption or None,
        parse_mode=ParseMode.HTML,
    )
