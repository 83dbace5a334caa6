"""Our replies' HTML (<b>, <i>, <code>, <a href>) as Slack mrkdwn, and as plain text.

The HTML is parsed (entities decoded), then every piece of text is escaped the way Slack
wants: only `&`, `<` and `>`, as `&amp;`, `&lt;`, `&gt;`. Escaping is what keeps a notice
saying `<!channel>` or `<@U123>` from pinging anyone. Slack has no escape for `*`, `_` or
`` ` ``, so they are left as typed: at worst a word shows in bold.
"""

from __future__ import annotations

from html.parser import HTMLParser

_MARKS = {"b": "*", "strong": "*", "i": "_", "em": "_", "code": "`", "s": "~"}


def escape(text: str) -> str:
    """Text as Slack reads it literally: `&`, `<`, `>` escaped, nothing else."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link_target(url: str) -> str:
    # In `<url|label>` the url ends at `|` or `>`: escape those, so a link cannot be cut short.
    return escape(url).replace("|", "%7C")


class _Converter(HTMLParser):
    def __init__(self, *, plain: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.plain = plain
        self.out: list[str] = []
        self.links: list[tuple[str, int]] = []  # (href, position of the label's start)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append((href, len(self.out)))
        elif tag in _MARKS and not self.plain:
            self.out.append(_MARKS[tag])
        elif tag == "br":
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.out[start:])
            del self.out[start:]
            if self.plain:
                self.out.append(f"{label} ({href})" if href and label != href else label or href)
            elif href:
                self.out.append(f"<{_link_target(href)}|{label}>" if label else f"<{href}>")
            else:
                self.out.append(label)
        elif tag in _MARKS and not self.plain:
            self.out.append(_MARKS[tag])

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.plain else escape(data))


def to_mrkdwn(html_text: str) -> str:
    """Convert our reply HTML to Slack mrkdwn."""
    converter = _Converter(plain=False)
    converter.feed(html_text)
    converter.close()
    return "".join(converter.out)


def to_plain(html_text: str) -> str:
    """The text of our reply HTML without markup (links as `label (url)`), unescaped."""
    converter = _Converter(plain=True)
    converter.feed(html_text)
    converter.close()
    return "".join(converter.out)
