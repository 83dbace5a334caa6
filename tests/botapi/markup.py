"""Parse-mode HTML as the Bot API server parses it (modelled on tdlib's `parse_html`).

The server turns marked-up text into plain text plus entities; malformed markup is a
400 "can't parse entities". Offsets in errors are UTF-8 byte offsets and entity offsets are
UTF-16 code units, as on the wire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.botapi.errors import ApiError, bad_request

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_CHAR_REF = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_SPACE = " \t\n\r\f\v"


def parse_error(detail: str) -> ApiError:
    """Build the 400 for malformed markup."""
    return bad_request(f"can't parse entities: {detail}")


@dataclass(slots=True)
class _Open:
    tag: str
    offset: int
    attrs: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class TextBuilder:
    """Accumulate plain text and entities, measuring offsets in UTF-16 code units."""

    parts: list[str] = field(default_factory=list)
    utf16: int = 0
    entities: list[dict[str, Any]] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.utf16 += len(text.encode("utf-16-le")) // 2

    def entity(self, type_: str, offset: int, **extra: Any) -> None:
        # The server drops entities that cover no text.
        if self.utf16 > offset:
            self.entities.append({"type": type_, "offset": offset, "length": self.utf16 - offset})
            self.entities[-1].update(extra)

    def result(self) -> tuple[str, list[dict[str, Any]]]:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _char_ref(text: str, i: int) -> tuple[str, int] | None:
    """Decode `&lt;`, `&#60;`, `&#x3C;` at `i`; return (char, next index) or None."""
    match = _CHAR_REF.match(text, i)
    if match is None:
        return None
    named, dec, hexa = match.groups()
    code = int(dec) if dec else int(hexa, 16) if hexa else None
    if code is not None and not 0 < code <= 0x10FFFF:
        return None
    return (_NAMED[named] if named else chr(code or 0)), match.end()


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and entities of HTML-formatted `text`, or raise a 400.

    tdlib keeps a bare `&` (or an unknown `&name;`) literally, but the documentation requires
    escaping it; `strict_ampersand` rejects it so tests catch unescaped user data early.
    """
    out = TextBuilder()
    stack: list[_Open] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _char_ref(text, i)
            if decoded is not None:
                out.add(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise parse_error(
                    f"Character '&' must be escaped as &amp; at byte offset {_byte_offset(text, i)}"
                )
        if char != "<":
            out.add(char)
            i += 1
            continue
        if i + 1 < n and text[i + 1] == "/":
            i = _close_tag(text, i, stack, out)
        else:
            i = _open_tag(text, i, stack, out)
    if stack:
        raise parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    return out.result()


def _open_tag(text: str, begin: int, stack: list[_Open], out: TextBuilder) -> int:
    n = len(text)
    i = begin + 1
    while i < n and text[i] not in _SPACE and text[i] != ">":
        i += 1
    if i >= n:
        raise parse_error(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
    tag = text[begin + 1 : i].lower()
    if tag not in _ENTITY_TYPES:
        where = _byte_offset(text, begin)
        raise parse_error(f'Unsupported start tag "{tag}" at byte offset {where}')
    attrs, i = _attributes(text, i, tag)
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        where = _byte_offset(text, begin)
        raise parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {where}')
    if tag == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
        raise parse_error("Custom emoji entity must contain a tg-emoji identifier")
    stack.append(_Open(tag, out.utf16, attrs))
    return i + 1


def _attributes(text: str, i: int, tag: str) -> tuple[dict[str, str], int]:
    """Parse `name="value"` pairs up to the closing `>`; return them and the `>` index."""
    n = len(text)
    attrs: dict[str, str] = {}
    while True:
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n:
            raise parse_error(f'Unclosed start tag "{tag}"')
        if text[i] == ">":
            return attrs, i
        start = i
        while i < n and text[i] not in _SPACE and text[i] not in "=>":
            i += 1
        name = text[start:i].lower()
        if i < n and text[i] != "=":
            if tag == "blockquote" and name == "expandable":
                attrs[name] = ""
                continue
            where = _byte_offset(text, i)
            raise parse_error(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {where}"
            )
        i += 1
        if i < n and text[i] in "\"'":
            end = text.find(text[i], i + 1)
            if end < 0:
                raise parse_error(f'Unclosed end of an attribute value of the tag "{tag}"')
            raw, i = text[i + 1 : end], end + 1
        else:
            start = i
            while i < n and text[i] not in _SPACE and text[i] != ">":
                i += 1
            raw = text[start:i]
        attrs[name] = _decode_attribute(raw)


def _decode_attribute(raw: str) -> str:
    return _CHAR_REF.sub(lambda m: (_char_ref(m.group(0), 0) or (m.group(0), 0))[0], raw)


def _close_tag(text: str, begin: int, stack: list[_Open], out: TextBuilder) -> int:
    end = text.find(">", begin)
    where = _byte_offset(text, begin)
    if end < 0:
        raise parse_error(f"Unclosed end tag at byte offset {where}")
    tag = text[begin + 2 : end].strip().lower()
    if not stack:
        raise parse_error(f"Unexpected end tag at byte offset {where}")
    opened = stack.pop()
    if tag and tag != opened.tag:
        raise parse_error(
            f'Unmatched end tag at byte offset {where}, expected "</{opened.tag}>", '
            f'found "</{tag}>"'
        )
    _emit(opened, stack, out)
    return end + 1


def _emit(opened: _Open, stack: list[_Open], out: TextBuilder) -> None:
    kind = _ENTITY_TYPES[opened.tag]
    language = opened.attrs.get("class", "")
    if kind == "code" and stack and stack[-1].tag == "pre" and language.startswith("language-"):
        # <pre><code class="language-x"> is one pre entity carrying the language.
        stack[-1].extra["language"] = language.removeprefix("language-")
        return
    if kind == "text_link":
        if opened.attrs.get("href"):
            out.entity(kind, opened.offset, url=opened.attrs["href"])
        return
    if kind == "blockquote" and "expandable" in opened.attrs:
        kind = "expandable_blockquote"
    if kind == "custom_emoji":
        out.entity(kind, opened.offset, custom_emoji_id=opened.attrs["emoji-id"])
        return
    out.entity(kind, opened.offset, **opened.extra)
