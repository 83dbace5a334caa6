"""Rendering for Telegram: split long HTML between lines, never inside a tag."""

from __future__ import annotations

from postes.conversation.replies import Button, Reply
from postes.platforms.telegram.render import message_kwargs, split_html


def test_short_text_is_one_message() -> None:
    assert split_html("<b>court</b>") == ["<b>court</b>"]


def test_long_text_is_split_at_line_boundaries() -> None:
    lines = [f"<b>{n}</b> " + "é" * 90 for n in range(100)]
    chunks = split_html("\n".join(lines))
    assert len(chunks) > 1
    assert all(len(c) <= 4096 for c in chunks)
    assert "\n".join(chunks).split("\n") == lines


def test_overlong_single_line_is_cut_at_spaces_without_markup() -> None:
    line = "<i>" + "mot&amp;mot " * 1000 + "</i>"
    chunks = split_html(line)
    assert all(len(c) <= 4096 for c in chunks)
    assert all("<i>" not in c and "</i>" not in c for c in chunks)
    assert all("&amp;" in c for c in chunks)


def test_buttons_go_with_the_last_chunk() -> None:
    reply = Reply("x\n" * 5000, ((Button("OK", data="ok"),),))
    calls = message_kwargs(reply)
    assert len(calls) > 1
    assert calls[0].get("reply_markup") is None
    assert calls[-1]["reply_markup"] is not None
