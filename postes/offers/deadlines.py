"""When applications close: a labelled date, or a sentence (`au plus tard le vendredi 14 mars
2025 à 15 heures`), moved by extensions, with its hour; or no date at all, on purpose
(`au fil de l'eau`) or not (then the offer is flagged for a person to check, never guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

from postes.offers.dates import EXTENSION, locate_dates, read_deadline
from postes.offers.dates import fold_same_length as fold_keep

# A sentence about applying, and the words that make one of its dates the closing one.
_APPLYING = re.compile(
    r"candidat|dossier|postul|parvenir|adress|envoy|depos|transmi|\bcv\b|curriculum"
    r"|lettre de motivation|inscri|recevab|clotur|date limite"
)
_CLOSING = re.compile(
    r"au plus tard|avant( le)?\b|jusqu.? ?(au|a|à)\b|date limite|limite (de |d.)|clotur|delai"
    r"|echeance|butoir|expire|\bclos(e|es)?\b|\bfermee?s?\b"
    r"|(retourner|retournees?|parvenir|deposer|deposees?|adresser|adressees?|envoyer|envoyees?"
    r"|transmettre|transmises?|remettre|remises?|recues?) (pour|d ici|d.ici) le"
)
# Dates after these words are of something else: a start, an interview, the notice itself.
_OTHER = re.compile(
    r"prise de (poste|fonction)|pourvoir|entretien|jury|epreuve|oral\b|ecrits?\b|convoc|audition"
    r"|selection|debut|a compter|a partir|commission|publi|affich|diffus|depot de l.offre"
    r"|entree en fonction|vacant|ne(e)? le|naissance|arrete|deliberation|decret|loi\b"
)
_OPEN_ENDED = re.compile(
    r"au fil de l.?eau|jusqu.? ?a ce que (le|les|ce) (postes?|emplois?) (soit|soient) pourvus?"
    r"|jusqu.? ?(au|a) (son )?(pourvoi|recrutement)|sans date limite|pas de date limite"
    r"|au fur et a mesure (de leur|des|de la) (reception|arrivee)|jusqu.? ?a pourvoi"
    r"|(poste|candidatures?) ouverte?s? jusqu.? ?a (ce que|pourvoi)"
)
_TIME = re.compile(
    r"(?<![\d/.,])(?P<h>[01]?\d|2[0-3])\s?(?:h|heures?|:)\s?(?P<m>[0-5]\d)?(?![\d/])"
    r"|\b(?P<word>midi|minuit)\b"
)
_SENTENCE_END = re.compile(r"[.;!?](\s|$)|\n")


@dataclass(slots=True)
class Deadline:
    """What a notice says of its deadline."""

    day: date | None = None
    initial: date | None = None
    time: time | None = None
    open_ended: bool = False
    how: str | None = None
    unreadable: str | None = None  # a labelled deadline we could not read
    ambiguous: bool = False  # several closing dates, none said to replace the others
    texts: list[str] = field(default_factory=list)


def hour_near(text: str, start: int, end: int) -> time | None:
    """The hour written with the date at text[start:end]: just after it, or just before."""
    after = text[end : end + 40]
    stop = _SENTENCE_END.search(after)
    after = after[: stop.start()] if stop else after
    # `…2025, 11h30`, `… à 15 heures`, `(16h00)`; not `… au 30 avril. Entretiens à 9h`.
    for match in _TIME.finditer(fold_keep(after)):
        if re.fullmatch(
            r"[\s,(–—-]*+(?:(?:a|à|avant|jusqu.? ?a|au plus tard a|dernier delai a)\s*+)?",
            after[: match.start()],
        ):
            return _as_time(match)
        break
    before = fold_keep(text[max(0, start - 30) : start])
    found = list(_TIME.finditer(before))
    if found and re.fullmatch(r"\s*+(?:(?:le|,)\s*+)?", before[found[-1].end() :]):
        return _as_time(found[-1])
    return None


def _hour_of(day: date | None, texts: list[str]) -> time | None:
    """The hour given with the deadline's date; the first one when an extension keeps it
    (`reportée au 5 septembre, même heure`)."""
    hours = [
        (value == day, hour_near(text, start, end))
        for text in texts
        for start, end, value in locate_dates(text)
    ]
    exact = [hour for same, hour in hours if same and hour]
    if exact:
        return exact[0]
    if any("meme heure" in fold_keep(text) for text in texts):
        return next((hour for _, hour in hours if hour), None)
    return None


def _as_time(match: re.Match[str]) -> time | None:
    if match["word"]:
        return time(12, 0) if match["word"] == "midi" else time(23, 59)
    return time(int(match["h"]), int(match["m"] or 0))


def _closing_dates(sentence: str) -> list[tuple[int, int, date]]:
    """Dates of a sentence that close applications (`… au plus tard le 2 juin 2025`)."""
    folded = fold_keep(sentence)
    if not _APPLYING.search(folded):
        return []
    found = []
    for start, end, value in locate_dates(sentence):
        before = folded[max(0, start - 90) : start]
        cut = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
        before = before[cut:]
        closing = [m.end() for m in _CLOSING.finditer(before)]
        other = [m.end() for m in _OTHER.finditer(before)]
        if closing and (not other or max(closing) > max(other)):
            found.append((start, end, value))
    return found


def read_deadline_parts(
    labelled: str | None, label_how: str, extensions: list[str], sentences: list[str]
) -> Deadline:
    """Decide the deadline from a labelled value, extension lines and free sentences."""
    result = Deadline()
    if labelled:
        text = "\n".join([labelled, *extensions])
        result.day, result.initial = read_deadline(text)
        if result.day is not None:
            result.how = label_how
            result.time = _hour_of(result.day, [labelled, *extensions])
            return result
        result.unreadable = labelled
    candidates: list[tuple[str, int, int, date]] = [
        (sentence, start, end, value)
        for sentence in sentences
        for start, end, value in _closing_dates(sentence)
    ]
    if candidates:
        text = "\n".join(dict.fromkeys([*(c[0] for c in candidates), *extensions]))
        dates = {c[3] for c in candidates}
        if len(dates) > 1 and not EXTENSION.search(fold_keep(text)):
            result.ambiguous = True
            return result
        result.day, result.initial = read_deadline(text)
        result.how = "sentence"
        result.time = _hour_of(result.day, [*(c[0] for c in candidates), *extensions])
        return result
    if any(_OPEN_ENDED.search(fold_keep(sentence)) for sentence in sentences):
        result.open_ended, result.how = True, "sentence"
    return result


def speaks_of_applying(text: str) -> bool:
    """Whether a notice asks for applications: then it should say until when."""
    return bool(re.search(r"candidat|postul", fold_keep(text)))
