"""The guided subscription's keywords, asked in a modal (Telegram uses a forced reply).

The modal carries the flow's state the same way Telegram's prompt does: the prompt's text
(employer and corps) travels in `private_metadata`, with the conversation it belongs to.
"""

from __future__ import annotations

import json
from typing import Any

from postes.conversation.subscribe_flow import Prompt
from postes.platforms.slack.mrkdwn import to_mrkdwn, to_plain

CALLBACK_ID = "postes-keywords"
BLOCK_ID = "keywords"
ACTION_ID = "keywords"
METADATA_CHARS = 3000


def keywords_modal(prompt: Prompt, channel: str) -> dict[str, Any]:
    """The modal view asking for keywords."""
    metadata = json.dumps({"prompt": to_plain(prompt.reply.text), "channel": channel})
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": metadata[:METADATA_CHARS],
        "title": {"type": "plain_text", "text": "Nouvel abonnement"},
        "submit": {"type": "plain_text", "text": "Créer"},
        "close": {"type": "plain_text", "text": "Annuler"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": to_mrkdwn(prompt.reply.text)}},
            {
                "type": "input",
                "block_id": BLOCK_ID,
                "label": {"type": "plain_text", "text": "Mots-clés"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": ACTION_ID,
                    "placeholder": {"type": "plain_text", "text": prompt.placeholder},
                    "max_length": 200,
                },
            },
        ],
    }


def read_submission(view: dict[str, Any]) -> tuple[str, str, str] | None:
    """(prompt text, channel, typed keywords) of a submitted modal; None if malformed."""
    try:
        metadata = json.loads(view.get("private_metadata") or "")
        typed = view["state"]["values"][BLOCK_ID][ACTION_ID].get("value") or ""
        return str(metadata["prompt"]), str(metadata["channel"]), str(typed)
    except (ValueError, KeyError, TypeError):
        return None
