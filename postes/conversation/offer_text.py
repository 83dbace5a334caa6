"""An offer's notice text made readable in a chat, and "how to apply" drawn out of it.

The body keeps its shape: paragraphs stay paragraphs and list items stay list items (`•`),
where collapsing whitespace used to run a list into one long sentence. A long body is cut
between lines. What tells a candidate how to apply (contact, e-mail, phone, postal address,
the documents to send) is gathered for the "✉️ Comment postuler" button.
"""

from __future__ import annotations

import html
import re

from postes.conversation.common import shorten

_BULLET = re.compile(r"^\s*(?:[-–—•*▪●◦·]|\d{1,2}[.)])\s+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# New Caledonian numbers have six digits, often in pairs: 41 40 00, 45.51.00, (+687) 27 12 34.
_PHONE = re.compile(r"(?:\(?\+687\)?\s?)?(?<![\d/.-])\d{2}[ .]?\d{2}[ .]?\d{2}(?![\d/.-])")
_HOW = re.compile(
    r"candidat|postuler|\bCV\b|curriculum|lettre de motivation|adress|envoy|d[ée]pos"
    r"|courriel|e-?mail|\bB\.?P\.?\s?\d|renseignement|contact",
    re.IGNORECASE,
)
# Lines that say where a letter goes: a postbox, a street, a postcode of New Caledonia.
_ADDRESS = re.compile(r"\bB\.?P\.?\s?\d|\b988\d\d\b|\b(?:rue|avenue|boulevard|route)\b", re.I)


def _lines(body: str) -> list[str]:
    """The body's lines, trimmed, one blank line at most between paragraphs."""
    lines: list[str] = []
    for raw in body.splitlines():
        line = " ".join(raw.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).rstrip(" .").lower() == " ".join(b.split()).rstrip(" .").lower()


def body_html(body: str, *, limit: int, leave_out: str | None = None) -> str:
    """The body as escaped HTML lines, lists as `• item`, cut between lines near `limit`.

    `leave_out` is a line shown elsewhere (the contact, under "Comment postuler").
    """
    shown: list[str] = []
    size = 0
    lines = [line for line in _lines(body) if not (leave_out and _same(line, leave_out))]
    for n, line in enumerate(lines):
        text = _BULLET.sub("• ", line) if _BULLET.match(line) else line
        if size + len(text) > limit:
            room = limit - size
            if room > 80:  # enough for a readable start of the line
                shown.append(html.escape(shorten(text, room)))
            elif n < len(lines):
                shown.append("…")
            break
        shown.append(html.escape(text))
        size += len(text) + 1
    while shown and not shown[-1]:
        shown.pop()
    return "\n".join(shown)


def how_to_apply(contact: str | None, body: str) -> list[tuple[str, str]]:
    """(label, plain text) pairs: the contact, e-mails, phones, address and how-to lines."""
    lines = _lines(body)
    about = [line for line in lines if _HOW.search(line) and not _BULLET.match(line)]
    sources = [contact or "", *about]
    found: list[tuple[str, str]] = []
    if contact:
        found.append(("Contact", contact))
    emails = dict.fromkeys(m for text in sources for m in _EMAIL.findall(text))
    found += [("E-mail", email) for email in emails]
    phones = dict.fromkeys(
        " ".join(m.split()) for text in sources for m in _PHONE.findall(_EMAIL.sub(" ", text))
    )
    found += [("Téléphone", phone) for phone in phones]
    found += [("Adresse", line) for line in lines if _ADDRESS.search(line)]
    shown = {text for _, text in found}
    found += [
        ("", line) for line in about if line not in shown and not (contact and _same(line, contact))
    ]
    return found
