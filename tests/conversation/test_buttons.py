"""Button data: one table, stable short data, strict decoding."""

from __future__ import annotations

import pytest

from postes.conversation.buttons import KINDS, Press, button, decode, encode, of_kind
from postes.conversation.replies import MAX_CALLBACK_BYTES

# Data already sent in messages must keep its meaning: these strings are the contract.
STABLE = [
    ("search", (), "srch"),
    ("offers.page", (2,), "ofp:2"),
    ("offer.details", (42,), "off:42"),
    ("offer.follow", (42,), "fol:42"),
    ("offer.unfollow", (42,), "unf:42"),
    ("offer.applied", (42,), "app:42"),
    ("offer.dismissed", (42,), "nop:42"),
    ("offer.undo", (42,), "und:42"),
    ("deadlines.undo", (42,), "unl:42"),
    ("offer.calendar", (42,), "ics:42"),
    ("offer.apply", (42,), "how:42"),
    ("offer.document", (42,), "doc:42"),
    ("subscribe.flow", ("",), "sf:"),
    ("subscribe.flow", ("x",), "sf:x"),
    ("subscribe.flow", ("e42",), "sf:e42"),
    ("subscribe.flow", ("e*:c17.0",), "sf:e*:c17.0"),
    ("subscribe.flow", ("e42:c*:k",), "sf:e42:c*:k"),
    ("subscribe.flow", ("e42:c17.0:ok",), "sf:e42:c17.0:ok"),
    ("subscribe.flow", ("b",), "sf:b"),
    ("subscribe.flow", ("e*:c*:all",), "sf:e*:c*:all"),
    ("subscribe.search", (), "sfq"),
    ("subscriptions.list", (), "sub:all"),
    ("subscription.matches", (7,), "sub:list:7"),
    ("subscription.change", ("del", 42), "sub:del:42"),
    ("subscription.change", ("mute", 3), "sub:mute:3"),
    ("subscription.any", (7,), "sub:any:7"),
    ("settings.change", ("rem", "7.1"), "set:rem:7.1"),
    ("settings.change", ("dig", "-"), "set:dig:-"),
    ("stop.confirm", ("yes",), "stop:yes"),
    ("broadcast.confirm", ("no",), "bc:no"),
]


@pytest.mark.parametrize(("kind", "values", "data"), STABLE)
def test_data_is_stable_and_decodes_back(kind: str, values: tuple, data: str) -> None:
    assert encode(kind, *values) == data
    assert decode(data) == Press(kind, values)


def test_every_kind_is_covered_by_the_stable_examples() -> None:
    assert {kind.name for kind in KINDS} == {kind for kind, _, _ in STABLE}


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "zzz",
        "off",
        "off:",
        "off:007",  # not canonical
        "off:0",
        "off:-1",
        "off:4x",
        "off:٣",  # a digit, but not an ASCII one
        "off:" + "9" * 19,
        "off:1:2",
        "ofp:1234567",
        "sub:zap:1",
        "sub:del",
        "sub:list:",
        "sub:all:1",
        "sf:e42:c17.0:zz",
        "sf:c1",
        "sf:e42:",
        "srch:",
        "stop:maybe",
        "set:rem:7.1;drop",
        "set:xyz:1",
        "sf:" + "e1:c1.1:ok" + "x" * 60,
    ],
)
def test_anything_else_is_refused(data: str | None) -> None:
    assert decode(data) is None


def test_encoding_refuses_values_that_would_not_decode() -> None:
    with pytest.raises(ValueError, match="not one of"):
        encode("subscription.change", "zap", 1)
    with pytest.raises(TypeError):
        encode("offer.details", "42")
    with pytest.raises(ValueError, match="takes 1 values"):
        encode("offer.details")
    with pytest.raises(ValueError, match="does not match"):
        encode("subscribe.flow", "e1:c1.1:ok:more")
    with pytest.raises(KeyError):
        encode("nope")


def test_longest_data_fits_telegrams_limit() -> None:
    biggest = 10**18 - 1
    datas = [
        encode("subscription.change", "resume", biggest),
        encode("subscribe.flow", f"e{biggest}:c{biggest}.999:ok"),
        encode("offers.page", 999_999),
    ]
    assert all(len(d.encode()) <= MAX_CALLBACK_BYTES for d in datas)


def test_button_and_routing_test() -> None:
    made = button("🗑", "subscription.change", "del", 5)
    assert made.data == "sub:del:5"
    routes = of_kind("subscription.change")
    assert routes("sub:del:5")
    assert not routes("sub:list:5")
    assert not routes("sub:del:05")
    assert not routes(None)
    with pytest.raises(KeyError):
        of_kind("subscription.typo")
