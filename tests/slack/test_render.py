"""Block Kit rendering: mrkdwn with Slack's escaping, and every Slack limit clamped."""

from __future__ import annotations

from postes.conversation.replies import Button, Reply
from postes.platforms.slack.mrkdwn import to_mrkdwn, to_plain
from postes.platforms.slack.render import blocks, fallback_text, message, read_block_id
from tests.slackapi.blocks import block_problems


def test_html_becomes_mrkdwn() -> None:
    html = '<b>Attaché</b> <i>principal</i> <code>corps:attaché</code> <a href="https://x.nc/a">avis</a>'
    assert to_mrkdwn(html) == "*Attaché* _principal_ `corps:attaché` <https://x.nc/a|avis>"


def test_special_characters_are_escaped_once() -> None:
    # Our HTML already holds escaped data; Slack must see &amp; &lt; &gt; exactly once, so a
    # notice saying <!channel> pings no one.
    html = "<b>R&amp;D &lt;!channel&gt;</b> &quot;x&quot; 5 &gt; 3"
    assert to_mrkdwn(html) == '*R&amp;D &lt;!channel&gt;* "x" 5 &gt; 3'
    assert fallback_text(Reply(html)) == 'R&amp;D &lt;!channel&gt; "x" 5 &gt; 3'
    assert to_plain(html) == 'R&D <!channel> "x" 5 > 3'


def test_a_link_cannot_be_cut_short_by_its_url() -> None:
    assert (
        to_mrkdwn('<a href="https://x.nc/?a=1|b>c">ici</a>') == "<https://x.nc/?a=1%7Cb&gt;c|ici>"
    )


def test_long_text_is_cut_into_valid_sections() -> None:
    lines = [f"ligne {n} " + "é" * 90 for n in range(200)]
    rendered = blocks(Reply("\n".join(lines)))
    assert block_problems(rendered) == []
    assert all(len(block["text"]["text"]) <= 3000 for block in rendered)
    text = "\n".join(block["text"]["text"] for block in rendered)
    assert text == "\n".join(lines)  # nothing lost when it fits in 50 blocks


def test_one_huge_line_and_too_many_blocks_are_clamped() -> None:
    buttons = tuple((Button(f"{n}", data=f"off:{n}"),) for n in range(1, 11))
    rendered = blocks(Reply("x" * 200_000, buttons))
    assert block_problems(rendered) == []
    assert len(rendered) == 50
    assert [b["type"] for b in rendered[-10:]] == ["actions"] * 10  # buttons are kept


def test_button_limits() -> None:
    row = tuple(Button("t" * 100, data=f"off:{n}") for n in range(1, 31))
    rendered = blocks(Reply("Offres", (row, (Button("Lien", url="https://x.nc/" + "a" * 4000),))))
    assert block_problems(rendered) == []
    first = rendered[1]["elements"]
    assert len(first) == 25
    assert len(first[0]["text"]["text"]) == 75
    assert first[0]["value"] == "off:1"
    assert rendered[2]["elements"][0]["url"].startswith("https://x.nc/")


def test_footer_rides_in_block_id() -> None:
    reply = Reply(
        "<b>Résultats</b>\n\n🔎 /offres attaché · page 1/2", ((Button("▶", data="ofp:2"),),)
    )
    action = message(reply)["blocks"][-1]
    assert read_block_id(action["block_id"]) == "🔎 /offres attaché · page 1/2"
    assert message(reply)["text"].startswith("Résultats")
