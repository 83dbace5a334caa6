"""Render replies for a terminal: readable text and numbered buttons."""

from __future__ import annotations

import html
import re

from postes.conversation.replies import Button

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_EMPHASIS = {"b": "*", "strong": "*", "i": "_", "em": "_", "code": "`"}
_TAG = re.compile(r"</?([a-z-]+)[^>]*>")


def html_to_plain(text: str) -> str:
    """What a chat client shows of our HTML: the text, without markup."""
    return html.unescape(_TAG.sub("", text))


def html_to_console(text: str) -> str:
    """Our HTML as terminal text: *bold*, _italic_, links as `text <url>`."""
    text = _LINK.sub(lambda m: f"{m[2]} <{html.unescape(m[1])}>", text)
    text = _TAG.sub(lambda m: _EMPHASIS.get(m[1], ""), text)
    return html.unescape(text)


class ButtonBoard:
    """Numbers the buttons on screen so that typing `2` presses the second one.

    Numbering restarts with the first keyboard shown after each thing the user types, so
    the numbers on screen since the last input are the ones that work.
    """

    def __init__(self) -> None:
        self._buttons: dict[int, tuple[int, Button]] = {}
        self._fresh = True

    def new_turn(self) -> None:
        """The user typed something: the next keyboard starts again at 1."""
        self._fresh = True

    def number(self, message_id: int, rows: tuple[tuple[Button, ...], ...]) -> list[str]:
        """Register a message's buttons; return their lines, e.g. `[1] Détails`."""
        if not rows:
            return []
        if self._fresh:
            self._buttons.clear()
            self._fresh = False
        lines = []
        for row in rows:
            cells = []
            for button in row:
                number = len(self._buttons) + 1
                self._buttons[number] = (message_id, button)
                cells.append(f"[{number}] {button.text}")
            lines.append("   ".join(cells))
        return lines

    def press(self, number: int) -> tuple[int, Button] | None:
        """(message id, button) for a number on screen, or None."""
        return self._buttons.get(number)
