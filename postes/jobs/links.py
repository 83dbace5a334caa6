"""The links of a web page that lead to vacancy notices."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from postes.offers.documents import TEXT_SUFFIXES
from postes.offers.text import fold

_LINK_WORDS = ("avis", "offre")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._text)))
            self._href = None


def find_document_links(page: str, base_url: str) -> list[str]:
    """Absolute URLs of the documents a page links to: by suffix, or by 'avis'/'offre' text.

    A link that cannot be made absolute is kept as written, for the policy to refuse.
    """
    parser = _Links()
    parser.feed(page)
    urls: dict[str, None] = {}
    for href, text in parser.links:
        try:
            url = urljoin(base_url, href.strip()).split("#", 1)[0]
            path = urlsplit(url).path
        except ValueError:  # e.g. "http://[::1"
            url = path = href.strip()
        if not url.startswith(("http://", "https://")):
            continue
        suffix = PurePosixPath(path).suffix.lower()
        if suffix in TEXT_SUFFIXES or any(word in fold(text) for word in _LINK_WORDS):
            urls.setdefault(url, None)
    return list(urls)
