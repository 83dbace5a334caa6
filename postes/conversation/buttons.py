"""Every button the bot shows, and the one encoder / strict decoder of their data.

Data stays short and stable (`sub:del:42`, at most 64 bytes, Telegram's limit; Slack's
`value` allows more): buttons already sent keep working after an upgrade, so a kind's
prefix and fields never change meaning. Decoding is strict: a number is canonical ASCII
digits without a leading zero, a choice one of its listed words, and the whole data must
match exactly one kind; anything else is a button "no longer valid".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from postes.conversation.replies import MAX_CALLBACK_BYTES, Button

Value = str | int


@dataclass(frozen=True, slots=True)
class Number:
    """A positive integer of at most `digits` digits."""

    digits: int

    def read(self, text: str) -> int | None:
        if re.fullmatch(rf"[1-9][0-9]{{0,{self.digits - 1}}}", text) is None:
            return None
        return int(text)

    def write(self, value: Value) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"a number is needed, not {value!r}")
        return str(value)


@dataclass(frozen=True, slots=True)
class OneOf:
    """One word of a fixed list."""

    words: tuple[str, ...]

    def read(self, text: str) -> str | None:
        return text if text in self.words else None

    def write(self, value: Value) -> str:
        if value not in self.words:
            raise ValueError(f"{value!r} is not one of {self.words}")
        return str(value)


@dataclass(frozen=True, slots=True)
class Shaped:
    """Text of a given shape (the guided flow's state, a settings value)."""

    pattern: str

    def read(self, text: str) -> str | None:
        return text if re.fullmatch(self.pattern, text) else None

    def write(self, value: Value) -> str:
        text = str(value)
        if self.read(text) is None:
            raise ValueError(f"{text!r} does not match {self.pattern!r}")
        return text


Field = Number | OneOf | Shaped
ID = Number(18)


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of button: `prefix` (may hold colons), then its fields separated by `:`.

    The last field takes the rest of the data, so a `Shaped` state may itself hold colons.
    """

    name: str
    prefix: str
    fields: tuple[Field, ...] = ()


# The guided /abonner flow: `` (start), `x` (cancel), `e42`, `e*`, `e42:c17.0`, `e*:c*:k`…
# `b` goes back to the first step, `…:all` subscribes to every offer (no employer nor corps).
FLOW_STATE = (
    r"|x|b|e(?:[1-9][0-9]{0,17}|\*)(?::c(?:[1-9][0-9]{0,17}\.[0-9]{1,3}|\*)(?::(?:k|ok|all))?)?"
)

KINDS: tuple[Kind, ...] = (
    Kind("search", "srch"),
    Kind("offers.page", "ofp", (Number(6),)),
    Kind("offer.details", "off", (ID,)),
    Kind("offer.follow", "fol", (ID,)),
    Kind("offer.unfollow", "unf", (ID,)),
    Kind("offer.applied", "app", (ID,)),
    Kind("offer.dismissed", "nop", (ID,)),
    Kind("offer.undo", "und", (ID,)),  # under the alert that was answered
    Kind("deadlines.undo", "unl", (ID,)),  # in /echeances, which is then redrawn
    Kind("offer.calendar", "ics", (ID,)),
    Kind("offer.apply", "how", (ID,)),
    Kind("offer.document", "doc", (ID,)),
    Kind("subscribe.flow", "sf", (Shaped(FLOW_STATE),)),
    Kind("subscribe.search", "sfq"),
    Kind("subscriptions.list", "sub:all"),
    Kind("subscription.matches", "sub:list", (ID,)),
    Kind("subscription.any", "sub:any", (ID,)),
    Kind("subscription.change", "sub", (OneOf(("del", "pause", "resume", "mute")), ID)),
    Kind("settings.change", "set", (OneOf(("rem", "dig", "qui", "pau")), Shaped(r"[0-9.*-]{1,5}"))),
    Kind("stop.confirm", "stop", (OneOf(("yes", "no")),)),
    Kind("broadcast.confirm", "bc", (OneOf(("yes", "no")),)),
)
_BY_NAME = {kind.name: kind for kind in KINDS}


@dataclass(frozen=True, slots=True)
class Press:
    """A decoded button press: its kind's name and its field values, typed."""

    kind: str
    values: tuple[Value, ...] = ()

    def number(self, index: int = -1) -> int:
        """The number at `index` (the last field by default)."""
        value = self.values[index]
        assert isinstance(value, int), f"{self.kind} field {index} is not a number"
        return value

    def word(self, index: int = 0) -> str:
        """The text at `index` (the first field by default)."""
        value = self.values[index]
        assert isinstance(value, str), f"{self.kind} field {index} is not text"
        return value


def encode(name: str, *values: Value) -> str:
    """The data of a button of kind `name`, e.g. `encode("subscription.change", "del", 42)`."""
    kind = _BY_NAME[name]
    if len(values) != len(kind.fields):
        raise ValueError(f"{name} takes {len(kind.fields)} values, got {len(values)}")
    data = ":".join([kind.prefix, *(f.write(v) for f, v in zip(kind.fields, values, strict=True))])
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"button data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    if decode(data) != Press(name, values):
        raise ValueError(f"{data!r} would not decode back to {name}{values}")
    return data


def button(text: str, name: str, *values: Value) -> Button:
    """A callback button of kind `name`."""
    return Button(text, data=encode(name, *values))


def _read(kind: Kind, data: str) -> Press | None:
    if not kind.fields:
        return Press(kind.name) if data == kind.prefix else None
    if not data.startswith(kind.prefix + ":"):
        return None
    parts = data[len(kind.prefix) + 1 :].split(":", len(kind.fields) - 1)
    if len(parts) != len(kind.fields):
        return None
    values = [field.read(part) for field, part in zip(kind.fields, parts, strict=True)]
    if any(value is None for value in values):
        return None
    return Press(kind.name, tuple(v for v in values if v is not None))


def decode(data: str | None) -> Press | None:
    """The press a button's data stands for; None for anything not exactly one kind's."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    found = [press for kind in KINDS if (press := _read(kind, data)) is not None]
    return found[0] if len(found) == 1 else None


def of_kind(*names: str) -> Callable[[object], bool]:
    """A test on raw data, true for valid data of one of these kinds (front ends' routing)."""
    unknown = set(names) - set(_BY_NAME)
    if unknown:
        raise KeyError(f"unknown button kinds: {sorted(unknown)}")

    def matches(data: object) -> bool:
        press = decode(data) if isinstance(data, str) else None
        return press is not None and press.kind in names

    return matches
