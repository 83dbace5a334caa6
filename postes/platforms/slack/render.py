"""Render platform-neutral replies as Block Kit, within Slack's limits.

A reply becomes mrkdwn `section` blocks (at most 3000 characters each, cut between lines),
then one `actions` block per row of buttons, and always a plain `text` fallback for
notifications. Limits are clamped here rather than left for Slack to refuse: 50 blocks, 25
elements per actions block, 75 characters of button label, `value` ≤ 2000, `action_id` and
`block_id` ≤ 255.

A button's `value` is the same short data as Telegram's `callback_data` (`off:42`). An
ephemeral message's text is not sent back with a press, so each actions block's `block_id`
carries the reply's last line (the search footer `🔎 … · page 1/3` that ◀ ▶ read back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from postes.conversation.replies import Button, Reply
from postes.platforms.slack.mrkdwn import escape, to_mrkdwn, to_plain

MAX_BLOCKS = 50
SECTION_CHARS = 3000
MAX_ACTIONS = 25
BUTTON_TEXT_CHARS = 75
VALUE_CHARS = 2000
ID_CHARS = 255
FALLBACK_CHARS = 3000
URL_CHARS = 3000
ACTION_PREFIX = "postes:"  # action_id of every callback button: one listener routes them
LINK_PREFIX = "link:"  # url buttons still send an action, which must be acknowledged


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sections(mrkdwn: str) -> list[str]:
    """Cut text into pieces of at most SECTION_CHARS, between lines where possible."""
    pieces: list[str] = []
    current = ""
    for line in mrkdwn.split("\n"):
        while len(line) > SECTION_CHARS:  # one huge line: cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:SECTION_CHARS])
            line = line[SECTION_CHARS:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > SECTION_CHARS:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()] or [" "]


def _button(button: Button, row: str, column: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {
            "type": "plain_text",
            "text": _clip(button.text, BUTTON_TEXT_CHARS),
            "emoji": True,
        },
    }
    if button.url is not None:
        element["url"] = button.url[:URL_CHARS]
        element["action_id"] = f"{LINK_PREFIX}{row}:{column}"
    else:
        assert button.data is not None
        element["value"] = button.data[:VALUE_CHARS]
        element["action_id"] = f"{ACTION_PREFIX}{row}:{column}"
    return element


def footer_line(reply: Reply) -> str:
    """The plain last line of a reply: what a button press may need to read back."""
    return to_plain(reply.text).rstrip().rsplit("\n", 1)[-1]


def block_id(row: int | str, footer: str) -> str:
    """`3|🔎 /offres attaché · page 1/2`: unique in the message, carrying the footer."""
    return _clip(f"{row}|{footer}", ID_CHARS)


def read_block_id(value: str | None) -> str:
    """The footer carried by a block_id made by `block_id` (empty when there is none)."""
    return (value or "").partition("|")[2]


Spelling = Callable[[str], str]


def _same(text: str) -> str:
    return text


def fallback_text(reply: Reply, spell: Spelling = _same) -> str:
    """The notification text: the reply without markup, escaped for Slack."""
    return _clip(spell(escape(to_plain(reply.text))), FALLBACK_CHARS)


def blocks(
    reply: Reply, spell: Spelling = _same, *, part: str = "", max_blocks: int = MAX_BLOCKS
) -> list[dict[str, Any]]:
    """Block Kit blocks for a reply, within the message limits.

    `spell` rewrites the shown text (command names); block ids keep the footer as written.
    `part` keeps ids unique when several replies share one view (the App Home).
    """
    rows = [row for row in reply.buttons if row][: max_blocks - 1]
    room = max_blocks - len(rows)
    texts = _sections(spell(to_mrkdwn(reply.text)))
    if len(texts) > room:
        texts = [*texts[: room - 1], _clip(texts[room - 1], SECTION_CHARS - 2) + "\n…"]
    result: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in texts
    ]
    footer = footer_line(reply)
    for number, row in enumerate(rows):
        result.append(
            {
                "type": "actions",
                "block_id": block_id(f"{part}{number}", footer),
                "elements": [
                    _button(b, f"{part}{number}", i) for i, b in enumerate(row[:MAX_ACTIONS])
                ],
            }
        )
    return result


def message(reply: Reply, spell: Spelling = _same) -> dict[str, Any]:
    """`text` and `blocks`, ready for chat.postMessage, chat.update or a response_url."""
    return {"text": fallback_text(reply, spell), "blocks": blocks(reply, spell)}
