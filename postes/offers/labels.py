"""The labelled fields of a notice, found by meaning rather than by the exact layout.

Notices write the same label many ways (`Corps :`, `Corps ou grade d’emploi /Domaine`,
`Cadre d'emplois`), on a line, in a table row or alone with the value on the next line, in any
order. We compare a folded key of the label with patterns per field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from postes.offers.text import fold

# Field -> pattern the whole folded label must match. Order matters: the first match wins,
# so `date de dépôt des candidatures` is a deadline before it can be a publication date.
_LABELS: tuple[tuple[str, str], ...] = (
    ("posts", r"(nombre|nb) (de )?postes?( a pourvoir)?"),
    (
        "deadline",
        r"(date )?(limite|de cloture|cloture)\b.*"
        r"|date (de |d )?(depot|reception|envoi|remise) des (candidatures|dossiers)\b.*"
        r"|candidatures? (a (deposer|adresser|envoyer) )?(avant|jusqu au)( le)?",
    ),
    (
        "published_on",
        r"date (de |d )?(depot|publication|parution|diffusion|mise en ligne|affichage)\b.*"
        r"|publie le|date de l (offre|avis|annonce)",
    ),
    (
        "start",
        r"(postes? )?a pourvoir\b.*|prise de (poste|fonctions?)\b.*"
        r"|date (de |d )?(prise de (poste|fonctions?)|entree en fonctions?)\b.*"
        r"|disponibilite( du poste)?",
    ),
    ("reference", r"(n[o°]? ?)?(de )?references?( de l (offre|avis|annonce))?|ref|n[o°] d offre"),
    (
        "employer",
        r"(employeur|collectivite|organisme|administration|etablissement|recruteur)s?"
        r"( employeur)?",
    ),
    ("corps", r"(corps|cadres? d emplois?|grades?|filiere)\b.*"),
    (
        "direction",
        r"(direction|service|pole|departement)( (ou |et )?(direction|service))?"
        r"|(service|direction) d affectation|affectation",
    ),
    ("workplace", r"lieux? (de travail|d affectation|d exercice)|localisation|lieu|site"),
    ("residence", r"duree (de |d )?residence\b.*"),
    (
        "contact",
        r"contacts?|renseignements?( complementaires)?|pour (tout|plus de) renseignements?\b.*"
        r"|interlocuteur|personne a contacter",
    ),
    ("title", r"(intitule|titre)( du poste| de l offre| de l emploi)?|poste|emploi|fonction"),
    (
        "body",
        r"details? de l (offre|annonce)|description( du poste| de l offre| des missions)?"
        r"|presentation( du poste| de l offre)?",
    ),
)
_PATTERNS = tuple((name, re.compile(rx)) for name, rx in _LABELS)
_EMPTY_VALUES = frozenset(("", "/", "-", "–", "neant", "sans objet", "aucun", "aucune", "nc"))


def label_key(text: str) -> str:
    """Fold a label to its words: `Date de dépôt de l’offre ` -> `date de depot de l offre`."""
    return " ".join(re.findall(r"[a-z0-9°]+", fold(text)))


def field_of(label: str) -> str | None:
    """Which field a label names, if any; footnote calls like `(1)` are ignored."""
    # Only from the first call of a run: trying from each of a long `1 1 1 …` was quadratic.
    key = re.sub(r"(?<! \d)( \d)+$", "", label_key(label))
    if not key or len(key) > 80:
        return None
    for name, pattern in _PATTERNS:
        if pattern.fullmatch(key):
            return name
    return None


def is_empty_value(value: str) -> bool:
    """A value that says "none": empty, `/`, `néant`."""
    return label_key(value) in _EMPTY_VALUES or value.strip() in _EMPTY_VALUES


@dataclass(slots=True)
class Line:
    """A non-empty line of a notice, stripped of markup."""

    index: int
    text: str
    heading: bool = False
    cells: tuple[str, ...] = ()  # table rows only


@dataclass(slots=True)
class Labelled:
    """A labelled value; `lines` are the indices it was read from."""

    name: str
    value: str
    lines: list[int] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines, without markdown marks; table rows split into cells."""
    lines = []
    for index, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        heading = stripped.startswith("#")
        stripped = re.sub(r"^#+\s*", "", stripped).replace("**", "").strip()
        if not stripped:
            continue
        cells: tuple[str, ...] = ()
        if stripped.count("|") >= 1 and (stripped.startswith("|") or " | " in stripped):
            cells = tuple(cell.strip() for cell in stripped.strip("|").split("|"))
        lines.append(Line(index, stripped, heading, cells))
    return lines


def split_label(line: Line) -> tuple[str, str] | None:
    """(field, value) when a line is `Label : value`, `Label` alone, or a `Label | value` row."""
    if line.cells:
        if len(line.cells) >= 2 and (name := field_of(line.cells[0])):
            return name, " ".join(cell for cell in line.cells[1:] if cell)
        return None
    # Without a colon the whole line must be the label: its value is on the next line.
    label, _, value = line.text.partition(":")
    name = field_of(label)
    return (name, value.split("\t")[0].strip()) if name else None


def read_labels(lines: list[Line], table_rows: set[int]) -> dict[str, Labelled]:
    """First value of each labelled field; an empty value is looked for on the next line."""
    found: dict[str, Labelled] = {}
    for position, line in enumerate(lines):
        if line.index in table_rows:
            continue  # a row of a table of posts, not a `label | value` row
        split = split_label(line)
        if split is None:
            continue
        name, value = split
        if name == "title" and "body" in found:
            continue  # `Poste : basé à Koné` in the description is no title
        used = [line.index]
        # `Corps … : Direction : Caisse des écoles`: the value is itself a labelled field.
        inner = split_label(Line(line.index, value)) if value else None
        if inner and ":" in value:
            found.setdefault(name, Labelled(name, "", used))
            name, value = inner
        elif not value and position + 1 < len(lines) and not line.cells and name != "body":
            following = lines[position + 1]
            if not (following.heading or following.cells or split_label(following)):
                value = following.text.split("\t")[0].strip()
                used.append(following.index)
        found.setdefault(name, Labelled(name, value, used))
    return found


def data_tables(lines: list[Line]) -> list[list[Line]]:
    """Blocks of consecutive table rows that hold data (posts), not `label | value` pairs."""
    blocks: list[list[Line]] = []
    for line in lines:
        if not line.cells:
            continue
        if blocks and blocks[-1][-1].index + 1 == line.index:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return [
        block
        for block in blocks
        if len(block) >= 2 and sum(bool(split_label(row)) for row in block) * 2 < len(block)
    ]
