"""Who is talking, and what the bot does in answer, in terms every front end can render.

A front end turns its update into a `Caller` (the chat, the person acting, the time) and
calls `conversation.actions` or `conversation.presses`; it gets back a list of outcomes and
renders them its own way:
Telegram as messages, edits and callback answers, Slack as Block Kit, the console as text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from postes.conversation.common import ChatRef
from postes.conversation.replies import Attachment, Button, Reply

NOUMEA = ZoneInfo("Pacific/Noumea")


async def _anyone() -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Caller:
    """The chat an update comes from, who acts in it, and when (in the configured zone).

    `may_manage` answers whether the actor may change the chat's subscriptions and settings;
    each front end decides (Telegram asks for the group's administrators, Slack for the
    channel's, the console lets its one user). The core asks only when an action needs it.
    """

    chat: ChatRef
    now: datetime
    today: date
    actor: str | None = None
    may_manage: Callable[[], Awaitable[bool]] = _anyone
    zone: ZoneInfo = NOUMEA  # the configured one; `today` is its date


@dataclass(frozen=True, slots=True)
class Send:
    """A new message in the chat."""

    reply: Reply


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the message whose button was pressed (send it anew if that is impossible)."""

    reply: Reply


@dataclass(frozen=True, slots=True)
class Toast:
    """The answer to a button press: a short notice (`alert`: one to acknowledge), or none.

    Every press gets exactly one, first, so a platform that must acknowledge presses can.
    """

    text: str | None = None
    alert: bool = False


@dataclass(frozen=True, slots=True)
class Prompt:
    """A message that asks for a typed answer (Telegram: ForceReply with a placeholder).

    The answer comes back to `actions.answer_prompt` with the text of this message.
    """

    reply: Reply
    placeholder: str


@dataclass(frozen=True, slots=True)
class EditButtons:
    """Replace only the buttons under the pressed message; its text stays as it was."""

    buttons: tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class DropPressed:
    """Take the pressed button off its message (it has done its job); the others stay."""


# Attachment (`replies.Attachment`): a file to post in the chat, an .ics event, a notice.
Outcome = Send | Edit | EditButtons | DropPressed | Toast | Prompt | Attachment
