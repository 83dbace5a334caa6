"""Finding an offer from part of its reference: `0925` or `3134-26-0925` for `3134-26-0925/SR`.

References are cut into segments at their separators; a typed fragment fits a reference when
its segments are a run of the reference's segments, numbers compared without leading zeros
(`925` is `0925`), so `25` does not pick every reference of 2025 with a `…125` in it.
"""

from __future__ import annotations

import re

_SEGMENT = re.compile(r"[A-Z0-9]+")
_LOOKS_LIKE_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-– ]*")


def _segments(text: str) -> list[str]:
    return [s.lstrip("0") or "0" if s.isdigit() else s for s in _SEGMENT.findall(text.upper())]


def reference_fragment(text: str) -> str | None:
    """The fragment to look for when `text` looks like (part of) a reference, else None.

    A reference holds a digit and nothing but letters, digits and separators: `attaché`
    is words to search, `0925`, `3134-26-0925` or `CAFAT-RH-2025` are references.
    """
    text = text.strip()
    if not text or len(text) > 64 or not any(ch.isdigit() for ch in text):
        return None
    if not _LOOKS_LIKE_REFERENCE.fullmatch(text):
        return None
    return text.upper().replace("–", "-")


def longest_segment(fragment: str) -> str:
    """The part a database prefilter (`LIKE %…%`) looks for; the rest is checked here."""
    return max(_SEGMENT.findall(fragment.upper()), key=len, default="")


def fits_reference(fragment: str, reference: str) -> bool:
    """Whether the typed fragment's segments are a run of the reference's segments."""
    wanted, have = _segments(fragment), _segments(reference)
    if not wanted:
        return False
    return any(have[i : i + len(wanted)] == wanted for i in range(len(have) - len(wanted) + 1))
