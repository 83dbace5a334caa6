"""What Slack checks in a message's `text` and `blocks` before accepting it."""

from __future__ import annotations

from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
SECTION_TEXT = 3000
TEXT_LIMIT = 40_000
ACTION_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ID_LENGTH = 255
URL_LENGTH = 3000
_TYPES = {"section", "actions", "context", "divider", "header", "input"}


def _text_object(obj: Any, where: str, *, limit: int, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"{where}: a text object is required"]
    if plain_only and obj["type"] != "plain_text":
        return [f"{where}: must be plain_text"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"{where}: text must be a non-empty string"]
    if len(text) > limit:
        return [f"{where}: must be less than {limit + 1} characters"]
    return []


def _button(element: Any, where: str, action_ids: set[str]) -> list[str]:
    if not isinstance(element, dict) or element.get("type") != "button":
        return [f"{where}: only buttons are expected here"]
    problems = _text_object(
        element.get("text"), f"{where}/text", limit=BUTTON_TEXT, plain_only=True
    )
    action_id = element.get("action_id")
    if action_id is not None:
        if not isinstance(action_id, str) or len(action_id) > ID_LENGTH:
            problems.append(f"{where}/action_id: must be less than {ID_LENGTH + 1} characters")
        elif action_id in action_ids:
            problems.append(f"{where}/action_id: duplicate action_id {action_id!r}")
        action_ids.add(str(action_id))
    value = element.get("value")
    if value is not None and (not isinstance(value, str) or len(value) > BUTTON_VALUE):
        problems.append(f"{where}/value: must be less than {BUTTON_VALUE + 1} characters")
    url = element.get("url")
    if url is not None and (not isinstance(url, str) or len(url) > URL_LENGTH):
        problems.append(f"{where}/url: must be less than {URL_LENGTH + 1} characters")
    return problems


def block_problems(blocks: Any, *, max_blocks: int = MAX_MESSAGE_BLOCKS) -> list[str]:
    """Slack's `invalid_blocks` reasons for a list of blocks; empty when valid."""
    if not isinstance(blocks, list):
        return ["blocks must be an array"]
    if len(blocks) > max_blocks:
        return [f"no more than {max_blocks} items allowed [json-pointer:/blocks]"]
    problems: list[str] = []
    block_ids: set[str] = set()
    action_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"/blocks/{index}"
        if not isinstance(block, dict) or block.get("type") not in _TYPES:
            problems.append(f"{where}: unknown block type")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or len(block_id) > ID_LENGTH:
                problems.append(f"{where}/block_id: must be less than {ID_LENGTH + 1} characters")
            elif block_id in block_ids:
                problems.append(f"{where}/block_id: duplicate block_id")
            block_ids.add(str(block_id))
        if block["type"] == "section":
            problems += _text_object(block.get("text"), f"{where}/text", limit=SECTION_TEXT)
        elif block["type"] == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                problems.append(f"{where}/elements: at least one element is required")
            elif len(elements) > ACTION_ELEMENTS:
                problems.append(f"{where}/elements: no more than {ACTION_ELEMENTS} items allowed")
            else:
                for number, element in enumerate(elements):
                    problems += _button(element, f"{where}/elements/{number}", action_ids)
    return problems


def message_problems(args: dict[str, Any]) -> tuple[str, list[str]] | None:
    """(error, details) for a message Slack would refuse; None when it is acceptable."""
    text, blocks = args.get("text"), args.get("blocks")
    if not text and not blocks:
        return "no_text", []
    if text is not None and (not isinstance(text, str) or len(text) > TEXT_LIMIT):
        return "msg_too_long", []
    if blocks is not None:
        problems = block_problems(blocks)
        if problems:
            return "invalid_blocks", problems
    return None
