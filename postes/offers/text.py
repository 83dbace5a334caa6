"""Text folding shared by search, subscriptions and matching, so all three agree.

Users type without accents and in the masculine (`attache`, `directeur`); notices write
`Attachée`, `Directrice(teur)`. We fold case and accents, then reduce words to a light stem
that merges French feminine and plural forms. The same function feeds the search index,
the subscription terms and the query, which is what makes their semantics identical.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# Longest suffix first: each pair maps a feminine/plural ending to its stem form.
_SUFFIXES = (
    ("trices", "teur"),
    ("trice", "teur"),
    ("euses", "eur"),
    ("euse", "eur"),
    ("ieres", "ier"),
    ("iere", "ier"),
    ("elles", "el"),
    ("elle", "el"),
    ("ennes", "en"),
    ("enne", "en"),
    ("ives", "if"),
    ("ive", "if"),
    ("eures", "eur"),
    ("eure", "eur"),
    ("ales", "al"),
    ("ale", "al"),
    ("ees", "e"),
    ("ee", "e"),
    ("aux", "al"),
    ("s", ""),
    ("x", ""),
)
# Words too common in notices to mean anything in a query or a subscription.
STOPWORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "de",
        "des",
        "du",
        "d",
        "en",
        "et",
        "la",
        "le",
        "les",
        "l",
        "ou",
        "par",
        "pour",
        "sur",
        "un",
        "une",
        "dans",
        "avec",
        "ce",
        "cette",
        "qui",
        "que",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "est",
        "sont",
    ]
)


# Counts written in words, as notices do (`recrute deux agents`, `TROIS POSTES`).
NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
}
# A count of two or more in a pattern: digits or a number word.
COUNT = r"\d{1,3}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix"


def count_of(number: str) -> int:
    """`3` -> 3, `Deux` -> 2."""
    return int(number) if number.isdigit() else NUMBER_WORDS[fold(number)]


def fold(text: str) -> str:
    """Lower-case and strip accents: `Attachée Nouméa` -> `attachee noumea`."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def stem(word: str) -> str:
    """Reduce a folded word to the stem shared by its feminine and plural forms."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= 3:
            return word[: len(word) - len(suffix)] + replacement
    return word


def words(text: str) -> list[str]:
    """Folded words of a text, in order, stop words kept."""
    return _WORD.findall(fold(text))


def terms(text: str) -> list[str]:
    """Stems of the meaningful words of a text, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word not in STOPWORDS:
            seen.setdefault(stem(word), None)
    return list(seen)


def index_text(*parts: str | None) -> str:
    """The space-separated stems that a full-text index stores for an offer."""
    return " ".join(stem(w) for part in parts if part for w in words(part))
