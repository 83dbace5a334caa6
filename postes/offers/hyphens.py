"""Words hyphenated at the end of a line, rejoined.

Word processors break `administration` as `adminis-` + `tration`; the hyphen goes. A compound
broken at its own hyphen keeps it: `Mont-` + `Dore` (a capital follows), `socio-` + `éducatif`
(a prefix that only ever opens a compound). Search must find the whole word either way.
"""

from __future__ import annotations

from postes.offers.text import fold

HYPHENS = ("-", "\u00ad", "\u2010", "\u2011", "\ufffe", "\x02")
# Prefixes written with a hyphen whose break is no syllable break of another common word.
_COMPOUND_PREFIXES = frozenset(
    (
        "socio",
        "medico",
        "technico",
        "juridico",
        "politico",
        "economico",
        "sous",
        "vice",
        "porte",
        "demi",
        "aide",
        "sage",
        "chef",
        "franco",
        "arriere",
        "grand",
        "petit",
        "belle",
        "beau",
        "nord",
        "sud",
        "ouest",
        "haut",
    )
)


def ends_hyphenated(word: str) -> bool:
    """Whether a line ends with a word cut by a hyphen (`adminis-`)."""
    return len(word) > 1 and word.endswith(HYPHENS) and word[-2].isalpha()


def rejoin(left: str, right: str) -> str:
    """`adminis-` + `tration` -> `administration`; `Mont-` + `Dore` -> `Mont-Dore`."""
    stem = left.rstrip("".join(HYPHENS))
    last_word = fold(stem.split()[-1]) if stem.split() else ""
    last_word = "".join(ch for ch in last_word if ch.isalpha())
    if not right[:1].isalpha() or right[:1].isupper() or last_word in _COMPOUND_PREFIXES:
        return f"{stem}-{right}"
    return stem + right
