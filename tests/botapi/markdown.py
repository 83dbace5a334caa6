"""Parse-mode MarkdownV2 as the Bot API server parses it (modelled on tdlib).

The rule that bites bots in production: every reserved character outside an entity marker
must be escaped with a backslash, so "Délai : 3 j." fails because of the final dot.
Nesting subtleties (`___` ambiguity, expandable quotes) are simplified.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.botapi.markup import TextBuilder, parse_error

RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}


@dataclass(slots=True)
class _Open:
    marker: str
    offset: int
    byte_offset: int


def _bytes(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _reserved(text: str, i: int) -> Exception:
    return parse_error(
        f"Character '{text[i]}' is reserved and must be escaped with the preceding '\\'"
    )


def parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and entities of MarkdownV2 `text`, or raise a 400."""
    out = TextBuilder()
    stack: list[_Open] = []
    quote: int | None = None
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.add(text[i + 1])
            i += 2
            continue
        line_start = i == 0 or text[i - 1] == "\n"
        if char == ">" and line_start:
            quote = out.utf16 if quote is None else quote
            i += 1
            continue
        if char == "\n" and quote is not None and not text.startswith(">", i + 1):
            out.entity("blockquote", quote)
            quote = None
        if char not in RESERVED:
            out.add(char)
            i += 1
            continue
        if char == "`":
            i = _code(text, i, out)
        elif char in "_*~|":
            i = _toggle(text, i, stack, out)
        elif char == "[":
            stack.append(_Open("[", out.utf16, _bytes(text, i)))
            i += 1
        elif char == "]" and stack and stack[-1].marker == "[":
            i = _link(text, i, stack.pop(), out)
        else:
            raise _reserved(text, i)
    if quote is not None:
        out.entity("blockquote", quote)
    if stack:
        where = stack[-1].byte_offset
        raise parse_error(f"Can't find end of the entity starting at byte offset {where}")
    return out.result()


def _toggle(text: str, i: int, stack: list[_Open], out: TextBuilder) -> int:
    marker = text[i]
    if text.startswith("__", i) or text.startswith("||", i):
        marker = text[i : i + 2]
    if marker == "|":
        raise _reserved(text, i)
    if stack and stack[-1].marker == marker:
        opened = stack.pop()
        out.entity(_MARKERS[marker], opened.offset)
    else:
        stack.append(_Open(marker, out.utf16, _bytes(text, i)))
    return i + len(marker)


def _code(text: str, i: int, out: TextBuilder) -> int:
    """Consume `code` or ```pre``` starting at `i`; only ` and \\ are escaped inside."""
    fence = "```" if text.startswith("```", i) else "`"
    kind = "pre" if fence == "```" else "code"
    j = i + len(fence)
    language = ""
    if kind == "pre":
        newline = text.find("\n", j)
        first_line = text[j:newline] if newline >= 0 else ""
        if first_line and not any(c in first_line for c in " `\\"):
            language, j = first_line, newline + 1
    start = out.utf16
    while j < len(text):
        if text[j] == "\\" and j + 1 < len(text):
            out.add(text[j + 1])
            j += 2
        elif text.startswith(fence, j):
            extra = {"language": language} if language else {}
            out.entity(kind, start, **extra)
            return j + len(fence)
        else:
            out.add(text[j])
            j += 1
    where = _bytes(text, i)
    raise parse_error(f"Can't find end of {kind.capitalize()} entity at byte offset {where}")


def _link(text: str, i: int, opened: _Open, out: TextBuilder) -> int:
    """Close `[label]`; a following `(url)` makes it a text link, where `)` must be escaped."""
    if not text.startswith("(", i + 1):
        return i + 1
    j, url = i + 2, []
    while j < len(text) and text[j] != ")":
        if text[j] == "\\" and j + 1 < len(text):
            j += 1
        url.append(text[j])
        j += 1
    if j >= len(text):
        where = _bytes(text, i + 1)
        raise parse_error(f"Can't find end of a URL at byte offset {where}")
    out.entity("text_link", opened.offset, url="".join(url))
    return j + 1
