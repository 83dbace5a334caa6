"""The labelled fields of a notice, found by meaning rather than by the exact layout.

Notices write the same label many ways (`Corps :`, `Corps ou grade d’emploi /Domaine`,
`Cadre d'emplois`), on a line, in a table row or alone with the value on the next line, in any
order. We compare a folded key of the label with patterns per field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from postes.offers.label_names import BANNER, field_of, label_key

_DATED = frozenset(("deadline", "published_on", "start"))
# Where a value starts when no colon sets it off: a date, or a number of posts.
_DATE_START = re.compile(
    r"\b(?:(?:lun|mar|mercre|jeu|vendre|same)di|dimanche)?\s*[0-3]?\d(?:\s?(?:er|e|eme))?"
    r"(?:\s*[/.-]\s*[01]?\d\s*[/.-]\s*\d{2,4}|\s+[^\W\d_]{3,9}\.?\s+\d{4})\b",
    re.IGNORECASE,
)
_COUNT = re.compile(r"(?<!\s)\s*+\(?\d{1,3}\)?(?:\s+postes?\b.*)?\s*+$", re.IGNORECASE)
_COUNT_AFTER = re.compile(r"(?<=\s)\d{1,3}\s*+$")
# From the start of a run of separators only: trying inside one would be quadratic.
_LINKING = re.compile(
    r"(?<![\s,:–-])[\s,:–-]*+\b(?:(?:le|au|du|a compter du|à compter du|à partir du"
    r"|a partir du)\s*+)?$"
)
_ELSEWHERE = re.compile(
    r"(voir|cf|se reporter a) (le |la |l )?(tableau|annexe|ci dessous|ci apres)"
)
_EMPTY_VALUES = frozenset(("", "/", "-", "–", "neant", "sans objet", "aucun", "aucune", "nc"))


def is_empty_value(value: str) -> bool:
    """A value that says "none" (`/`, `néant`), or sends the reader elsewhere (`voir tableau`)."""
    key = label_key(value)
    return key in _EMPTY_VALUES or value.strip() in _EMPTY_VALUES or bool(_ELSEWHERE.match(key))


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


def _posts_or(name: str, value: str) -> str:
    # `Postes à pourvoir : 2` counts posts; `Poste à pourvoir : dès que possible` is a start.
    return "posts" if name == "start" and _COUNT.match(value) else name


def _label_before_value(text: str) -> tuple[str, str] | None:
    """`Poste à pourvoir le 1er avril 2025`, `Nombre de postes 2`: a label, no colon, a value."""
    value = _DATE_START.search(text) or _COUNT_AFTER.search(text)
    if value is None or value.start() == 0:
        return None
    label = _LINKING.sub("", text[: value.start()])
    name = field_of(label)
    if name in _DATED and not _COUNT.fullmatch(text[value.start() :].strip()):
        return name, text[value.start() :].strip()
    if name == "posts" or (name == "start" and _COUNT.fullmatch(text[value.start() :].strip())):
        return "posts", text[value.start() :].strip()
    return None


def split_label(line: Line) -> tuple[str, str] | None:
    """(field, value) when a line is `Label : value`, `Label` alone, or a `Label | value` row.

    Without a colon, a date or a number may follow the label directly (`Publié le 17/02/2025`);
    otherwise the whole line must be the label, and its value is on the next line.
    """
    if line.cells:
        if len(line.cells) >= 2 and (name := field_of(line.cells[0])):
            value = " ".join(cell for cell in line.cells[1:] if cell)
            return _posts_or(name, value), value
        return None
    label, colon, value = line.text.partition(":")
    name = field_of(label) if colon else None
    if name:
        value = value.strip().split("\t")[0].strip()  # `Label :<TAB>value<TAB>logo`
        return _posts_or(name, value), value
    label, tab, value = line.text.partition("\t")  # `Label<TAB>value`, as forms export
    name = field_of(label) if tab else None
    if name:
        value = value.strip()
        return _posts_or(name, value), value
    if len(line.text) <= 200 and (found := _label_before_value(line.text)):
        return found
    name = field_of(line.text)
    return (name, "") if name else None


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
        if name == "title" and ("body" in found or BANNER.fullmatch(value)):
            continue  # `Poste : basé à Koné` in the description, `Objet : Avis de vacance`
        used = [line.index]
        # `Corps … : Direction : Caisse des écoles`: the value is itself a labelled field.
        inner = split_label(Line(line.index, value)) if value else None
        if inner and ":" in value:
            found.setdefault(name, Labelled(name, "", used))
            name, value = inner
        elif not value and position + 1 < len(lines) and not line.cells and name != "body":
            following = lines[position + 1]
            # `Label :` with nothing after is an empty field, unless plain text follows; a
            # label standing alone with no colon announces its value, bold or not.
            alone = ":" not in line.text and len(following.text.split()) <= 20
            if not (following.cells or split_label(following)) and (not following.heading or alone):
                value = following.text.split("\t")[0].strip()
                used.append(following.index)
        if name not in found or (value and not found[name].value):
            found[name] = Labelled(name, value, used)  # the first value given wins
    return found


def column_labels(tables: list[list[Line]]) -> dict[str, Labelled]:
    """Fields of a table of one row under a header of labels (`Statut | Lieu | Prise de poste`)."""
    found: dict[str, Labelled] = {}
    for table in tables:
        rows = [row for row in table[1:] if not re.fullmatch(r"[\s|:-]*", row.text)]
        names = [field_of(cell) for cell in table[0].cells]
        if len(rows) != 1 or "title" in names or "posts" in names:
            continue  # a table of posts, even of one post, names no field of the notice
        for label, value in zip(table[0].cells, rows[0].cells, strict=False):
            name = field_of(label)
            if name and value and not is_empty_value(value):
                found.setdefault(name, Labelled(name, value, [table[0].index, rows[0].index]))
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
        if len(block) >= 2
        and (
            sum(bool(split_label(row)) for row in block) * 2 < len(block)
            or _is_header_row(block[0])
        )
    ]


def _is_header_row(row: Line) -> bool:
    """A row of column names (`Statut | Lieu | Prise de poste`), not a `Label | value` pair:
    every cell a label, or three columns and more (a label has one value)."""
    named = [cell for cell in row.cells if cell.strip()]
    return len(named) >= 3 or (len(named) == 2 and all(field_of(cell) for cell in named))
