"""Corps and cadres d'emploi: `Ingénieur 2ème grade / Informatique ou Attaché` -> list[Corps].

Names are matched on the stems of `text.py`, the ones search and subscriptions use, so that
`Attachée`, `attaches` and `ATTACHÉ` all read `Attaché`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from postes.offers.model import Corps
from postes.offers.text import fold, stem, terms

# Canonical name -> stemmed word sequences a notice or a user may write. Longer first where
# one is the prefix of another (`technicien superieur` before `technicien`).
_CORPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Technicien supérieur", ("technicien superieur",)),
    ("Technicien", ("technicien",)),
    ("Adjoint administratif", ("adjoint administratif", "adjointe administratif")),
    ("Adjoint technique", ("adjoint technique", "adjointe technique")),
    ("Agent de maîtrise", ("agent de maitrise",)),
    ("Agent de bureau", ("agent de bureau",)),
    ("Agent technique", ("agent technique",)),
    ("Attaché", ("attache",)),
    ("Rédacteur", ("redacteur",)),
    ("Ingénieur", ("ingenieur",)),
    ("Administrateur", ("administrateur",)),
    ("Cadre socio-éducatif", ("cadre socio educatif",)),
    ("Conseiller socio-éducatif", ("conseiller socio educatif",)),
    ("Assistant socio-éducatif", ("assistant socio educatif", "assistante socio educatif")),
    ("Éducateur", ("educateur",)),
    ("Infirmier", ("infirmier",)),
    ("Aide-soignant", ("aide soignant", "aide soignante")),
    ("Sage-femme", ("sage femme",)),
    ("Médecin", ("medecin",)),
    ("Pharmacien", ("pharmacien",)),
    ("Psychologue", ("psychologue",)),
    ("Professeur", ("professeur",)),
    ("Animateur", ("animateur",)),
    ("Bibliothécaire", ("bibliothecaire",)),
    ("Opérateur", ("operateur",)),
    ("Praticien hospitalier", ("praticien hospitalier",)),
    ("Cadre de santé", ("cadre de sante",)),
    ("Agent administratif", ("agent administratif",)),
)
# A contract is how a post is filled, not a corps: `Attaché ou contractuel` is open to Attachés.
_CONTRACT = re.compile(
    r"^\W*(agents?\s+)?(contractuel|non[- ]titulaire|vacataire|cdd|cdi|emplois? fonctionnels?"
    r"|emplois? de direction)\b",
    re.IGNORECASE,
)
KNOWN_CORPS: tuple[str, ...] = tuple(name for name, _ in _CORPS)
_ALIASES = sorted(
    ((tuple(alias.split()), name) for name, aliases in _CORPS for alias in aliases),
    key=lambda item: -len(item[0]),
)

_WORD = re.compile(r"[^\W_]+")
# Separators between corps, or between a corps and its speciality; kept to rebuild the text.
# Never from inside a run of spaces (its first space was tried already): trying at each of
# them made a long run quadratic.
_SEPARATOR = re.compile(
    r"(?:(?<!\s)|(?!\s))(\s*/\s*|\s*;\s*|\s*,\s*|\s+ou\s+|\s+et\s+)", re.IGNORECASE
)
_CATEGORY = re.compile(
    r"\(\s*(?:cat(?:[ée]gorie|\.)?\s*)?([ABC])\s*\)|\bcat(?:[ée]gorie|\.)\s*([ABC])\b",
    re.IGNORECASE,
)
_GRADE = re.compile(
    r"\b(?P<n>\d{1,2})\s*(?:er|re|ère|e|eme|ème|°)?\s*grade\b"
    r"|\b(?P<classe>\d)\s*(?:er|re|ère|e|eme|ème)\s*classe\b"
    r"|\b(?P<word>principale?|hors[ -]classe|en chef|stagiaire)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(r"^(?:\W|option|sp[ée]cialit[ée]|domaine|fili[èe]re|en|de|d)+", re.IGNORECASE)


def _ordinal(number: int) -> str:
    return "1er" if number == 1 else f"{number}ème"


def _read_grade(rest: str) -> tuple[str | None, str]:
    """Split a grade (`2ème grade`, `principal`) off the text that follows a corps name."""
    match = _GRADE.search(rest)
    if not match:
        return None, rest
    if match["n"]:
        grade = f"{_ordinal(int(match['n']))} grade"
    elif match["classe"]:
        grade = f"{_ordinal(int(match['classe']))} classe"
    else:
        word = fold(match["word"]).replace("-", " ")
        grade = "principal" if word.startswith("principal") else word
    return grade, rest[: match.start()] + " " + rest[match.end() :]


def _match_name(segment: str) -> tuple[str, str] | None:
    """Find a known corps at the start of a segment: (canonical name, original rest)."""
    tokens = list(_WORD.finditer(segment))
    stems = tuple(stem(fold(token.group())) for token in tokens)
    for alias, name in _ALIASES:
        if stems[: len(alias)] == alias:
            return name, segment[tokens[len(alias) - 1].end() :]
    return None


def _tidy(text: str) -> str | None:
    text = _FILLER.sub("", " ".join(text.split())).strip(" -–:.")
    return text if re.search(r"[^\W\d_]", text) else None


def parse_corps(text: str) -> list[Corps]:
    """Read the corps an offer is open to; unknown names are kept, tidied, as their own corps."""
    corps: list[Corps] = []
    parts = _SEPARATOR.split(text.strip())
    joiner = " / "
    for index, part in enumerate(parts):
        if index % 2:  # a separator: remember it in case a speciality goes on
            word = part.strip().lower()
            joiner = f" {word} " if word in ("ou", "et", "/") else f"{word} "
            continue
        if _CONTRACT.match(part):
            continue  # and what follows it (`titulaire du BAFA`) is no speciality either
        category_match = _CATEGORY.search(part)
        category = (category_match[1] or category_match[2]).upper() if category_match else None
        if category_match:
            part = part[: category_match.start()] + part[category_match.end() :]
        found = _match_name(part)
        if found:
            name, rest = found
            grade, rest = _read_grade(rest)
            corps.append(Corps(name, grade, _tidy(rest), category))
        elif corps:
            last = corps[-1]
            grade, rest = _read_grade(part) if last.grade is None else (None, part)
            extra = _tidy(rest)
            speciality: str | None = last.speciality
            if extra:
                speciality = f"{speciality}{joiner}{extra}" if speciality else extra
            corps[-1] = Corps(last.name, last.grade or grade, speciality, last.category or category)
        elif (unknown := _tidy(part)) and len(unknown) <= 60:
            corps.append(Corps(unknown[0].upper() + unknown[1:], None, None, category))
    return _unique(corps)


def _unique(corps: list[Corps]) -> list[Corps]:
    seen: dict[Corps, None] = {}
    for item in corps:
        seen.setdefault(item, None)
    return list(seen)


def canonical_corps(user_text: str) -> str | None:
    """Canonical corps name of what a user typed (`attache` -> `Attaché`), if known."""
    found = _match_name(user_text.strip())
    return found[0] if found else None


def _fits(wanted: list[str], names: Sequence[str]) -> bool:
    return all(any(name.startswith(w) for name in names) for w in wanted)


def corps_is_known(user_text: str, stored: Iterable[Sequence[str]] = ()) -> bool:
    """Could `corps:<user_text>` ever match? True for a corps we know or one offers name.

    `stored` holds the terms of corps names found in notices (unknown names are kept as
    their own corps); the test is the one `offers.matching.corps_matches` applies.
    """
    wanted = terms(user_text)
    if not wanted:
        return False
    known = (terms(name) for name in KNOWN_CORPS)
    return any(_fits(wanted, names) for names in (*known, *stored))


def nearest_corps(user_text: str, names: Iterable[str] = (), count: int = 3) -> list[str]:
    """The corps names closest to a misspelt one (`atache` -> `Attaché`), best first."""
    by_key: dict[str, str] = {}
    for name in (*KNOWN_CORPS, *names):
        by_key.setdefault(fold(name), name)
    typed = fold(" ".join(user_text.split()))
    close = difflib.get_close_matches(typed, list(by_key), n=count, cutoff=0.6)
    if len(close) < count:  # `ingé` is short for a name: compare with name starts too
        starts = {key[: len(typed) + 2]: key for key in by_key}
        more = difflib.get_close_matches(typed, list(starts), n=count, cutoff=0.6)
        close += [starts[key] for key in more if starts[key] not in close]
    return [by_key[key] for key in close[:count]]
