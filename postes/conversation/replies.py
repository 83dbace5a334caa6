"""Platform-neutral replies: what the bot says, before Telegram, Slack or the console render it.

Text is Telegram-flavoured HTML restricted to <b>, <i>, <a href> and <code>, with every piece
of user or notice text escaped by `html.escape` where it is built. Renderers for platforms
without HTML convert these few tags.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_CALLBACK_BYTES = 64  # Telegram's limit on callback_data


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: a callback (`sub:del:42`) or a link."""

    text: str
    data: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.data is None) == (self.url is None):
            raise ValueError("a button needs exactly one of data or url")
        if self.data is not None and len(self.data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {self.data!r}")


@dataclass(frozen=True, slots=True)
class Reply:
    """One message: HTML text and rows of buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to send, with an HTML caption (same rules as `Reply.text`)."""

    filename: str
    content: bytes
    mime_type: str
    caption: str = ""
