"""Render the conversation core's outcomes in Slack.

Where a request came from decides how: a slash command answers through its `response_url`
(ephemeral: it concerns the person who typed it), a button press too (replacing the message
for an `Edit`), a direct message or a press in the App Home with a post in the DM. Notices
(`Toast`) become ephemeral lines; a `Prompt` opens a modal; `EditButtons` and `DropPressed`
rework the pressed message's own blocks when Slack sent them (messages the app posted);
files go up with files.upload_v2.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from postes.conversation import messages
from postes.conversation.actions import NOT_ALLOWED
from postes.conversation.caller import (
    DropPressed,
    Edit,
    EditButtons,
    Outcome,
    Prompt,
    Send,
    Toast,
)
from postes.conversation.replies import Attachment, Reply
from postes.platforms.slack import modal
from postes.platforms.slack.mrkdwn import to_plain
from postes.platforms.slack.permissions import ONLY_MANAGERS
from postes.platforms.slack.render import blocks, fallback_text, message

logger = logging.getLogger(__name__)

Post = Callable[[Reply], Awaitable[None]]


@dataclass
class Where:
    """How to answer the request being served."""

    client: Any
    channel: str
    user: str
    post: Post  # a new message in the conversation, seen by all (DMs, the App Home)
    respond: Any | None = None  # bolt's `respond` (slash commands and message buttons)
    trigger_id: str | None = None  # to open a modal
    pressed: dict[str, Any] | None = None  # the message a button is on, when Slack sent it
    action_id: str | None = None  # the pressed button
    edits: bool = True  # False in the App Home, which is redrawn instead


def _slack_words(outcome: Outcome) -> Outcome:
    # The core's refusal names Telegram's group administrators; Slack's rule is different.
    if outcome == NOT_ALLOWED:
        return Send(Reply(ONLY_MANAGERS))
    if isinstance(outcome, Toast) and outcome.text == messages.ADMINS_ONLY_SHORT:
        return Toast(ONLY_MANAGERS, alert=True)
    return outcome


async def _say(where: Where, reply: Reply, *, replace: bool = False) -> None:
    if where.respond is not None:
        await where.respond(response_type="ephemeral", replace_original=replace, **message(reply))
    else:
        await where.post(reply)


def _reworked(where: Where, rows: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """The pressed message with its action blocks replaced by `rows` (None: drop the button)."""
    pressed = where.pressed
    if not pressed or not isinstance(pressed.get("blocks"), list):
        return None
    kept: list[dict[str, Any]] = []
    for block in pressed["blocks"]:
        if block.get("type") != "actions":
            kept.append(block)
        elif rows is None:
            elements = [e for e in block["elements"] if e.get("action_id") != where.action_id]
            if elements:
                kept.append({**block, "elements": elements})
    return {"text": pressed.get("text") or " ", "blocks": kept + (rows or [])}


async def _rework(where: Where, body: dict[str, Any] | None) -> None:
    if body is not None and where.respond is not None:
        await where.respond(replace_original=True, **body)


async def _upload(where: Where, file: Attachment) -> None:
    await where.client.files_upload_v2(
        channel=where.channel,
        filename=file.filename,
        content=file.content,
        initial_comment=fallback_text(Reply(file.caption)) if file.caption else None,
    )


def _with_notice(notice: str, outcome: Send | Edit) -> Send | Edit:
    reply = outcome.reply
    return type(outcome)(Reply(f"{notice}\n\n{reply.text}", reply.buttons))


def merged(outcomes: list[Outcome], *, edits: bool = True) -> list[Outcome]:
    """Slack has no passing toast: a short notice joins the message that follows it, and
    stands alone only when it must be read (`alert`) or nothing else is shown. Without
    `edits` (the App Home, redrawn instead) replacements are left out."""
    result: list[Outcome] = []
    notice: str | None = None
    for outcome in map(_slack_words, outcomes):
        if (isinstance(outcome, Edit) and not edits) or outcome == Toast():
            continue  # a bare acknowledgement: bolt's ack() already answered the press
        if isinstance(outcome, Toast) and outcome.text and not outcome.alert:
            notice = f"{notice}\n{outcome.text}" if notice else outcome.text
            continue
        if notice and isinstance(outcome, Send | Edit):
            outcome, notice = _with_notice(notice, outcome), None
        result.append(outcome)
    if notice:
        result.append(Toast(notice))
    return result


def with_note(outcomes: list[Outcome], note: str) -> list[Outcome]:
    """Add a line under the last message shown (or show it alone)."""
    for index in range(len(outcomes) - 1, -1, -1):
        found = outcomes[index]
        if isinstance(found, Send | Edit):
            reply = found.reply
            shown = list(outcomes)
            shown[index] = type(found)(Reply(f"{reply.text}\n\n{note}", reply.buttons))
            return shown
    return [*outcomes, Send(Reply(note))]


async def render(where: Where, outcomes: list[Outcome]) -> None:
    """Show every outcome, in order."""
    for outcome in merged(outcomes, edits=where.edits):
        if isinstance(outcome, Toast):
            if outcome.text:
                await _say(where, Reply(outcome.text))
        elif isinstance(outcome, Send):
            await _say(where, outcome.reply)
        elif isinstance(outcome, Edit):
            await _say(where, outcome.reply, replace=True)
        elif isinstance(outcome, Prompt):
            if where.trigger_id is None:  # nothing to open a dialog with: ask in words
                await _say(where, outcome.reply)
            else:
                view = modal.keywords_modal(outcome, where.channel)
                await where.client.views_open(trigger_id=where.trigger_id, view=view)
        elif isinstance(outcome, EditButtons):
            rows = blocks(Reply(" ", outcome.buttons), part="e")[1:]
            await _rework(where, _reworked(where, rows))
        elif isinstance(outcome, DropPressed):
            await _rework(where, _reworked(where, None))
        elif isinstance(outcome, Attachment):
            await _upload(where, outcome)
        else:  # pragma: no cover - every outcome kind is handled above
            logger.warning("outcome not shown on Slack: %r", outcome)


def prompt_text(prompt: Prompt) -> str:
    """The plain text of a prompt, as `actions.answer_prompt` reads it back."""
    return to_plain(prompt.reply.text)
