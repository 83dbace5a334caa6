"""HTML and MarkdownV2 parse modes fail and succeed like the server's parser."""

from __future__ import annotations

import pytest

from tests.botapi.errors import ApiError
from tests.botapi.markdown import parse_markdown_v2
from tests.botapi.markup import parse_html


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Tom & Jerry", "Character '&' must be escaped as &amp; at byte offset 4"),
        ("&nbsp;", "Character '&' must be escaped as &amp; at byte offset 0"),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
def test_malformed_html_is_rejected(text: str, reason: str) -> None:
    with pytest.raises(ApiError) as err:
        parse_html(text)
    assert err.value.description == f"Bad Request: can't parse entities: {reason}"


def test_escaped_html_is_plain_text() -> None:
    assert parse_html("a &lt; b &amp;&gt; &quot;c&quot; &#233;&#x20AC;") == (
        'a < b &> "c" é€',
        [],
    )


def test_bare_ampersand_is_tolerated_when_not_strict() -> None:
    assert parse_html("Tom & Jerry", strict_ampersand=False) == ("Tom & Jerry", [])


def test_html_entities_use_utf16_offsets() -> None:
    text, entities = parse_html('🏝️ <b>Poste</b> <a href="https://x.nc/?a=1&amp;b=2">lien</a>')
    assert text == "🏝️ Poste lien"
    assert entities == [
        {"type": "bold", "offset": 4, "length": 5},
        {"type": "text_link", "offset": 10, "length": 4, "url": "https://x.nc/?a=1&b=2"},
    ]


def test_allowed_tags_are_accepted() -> None:
    html = (
        "<strong>a</strong><em>b</em><ins>c</ins><del>d</del><tg-spoiler>e</tg-spoiler>"
        '<span class="tg-spoiler">f</span><code>g</code><blockquote expandable>h</blockquote>'
        '<pre><code class="language-python">i</code></pre>'
    )
    text, entities = parse_html(html)
    assert text == "abcdefghi"
    assert entities[-1] == {"type": "pre", "offset": 8, "length": 1, "language": "python"}
    assert {"type": "expandable_blockquote", "offset": 7, "length": 1} in entities


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Délai : 3 j.", "Character '.' is reserved"),
        ("1-2", "Character '-' is reserved"),
        ("*gras", "Can't find end of the entity starting at byte offset 0"),
        ("`code", "Can't find end of Code entity at byte offset 0"),
    ],
)
def test_malformed_markdown_v2_is_rejected(text: str, fragment: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities") as err:
        parse_markdown_v2(text)
    assert fragment in err.value.description


def test_escaped_markdown_v2_is_accepted() -> None:
    text, entities = parse_markdown_v2(r"*Délai* : 3 j\. [lien](https://x.nc/a\)b) `a.b`")
    assert text == "Délai : 3 j. lien a.b"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 5},
        {"type": "text_link", "offset": 13, "length": 4, "url": "https://x.nc/a)b"},
        {"type": "code", "offset": 18, "length": 3},
    ]
