"""Text set in columns without rules: tab-aligned label/value lists, boxes side by side.

A run of lines cut by a wide gap is a band. Its columns start where segments start again and
again. Two columns whose left cells are labels (`Lieu d'affectation`, or anything ending with
`:`) are a label table, read row by row; three or more columns are a data table; otherwise the
columns are boxes (a letterhead beside a logo, `Contact` beside `Modalités`), read one after
the other so that their lines never interleave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from postes.offers.labels import field_of, label_key
from postes.offers.pdf_lines import Line, Word

_ALIGN = 4.0  # points: segments starting this close start the same column


@dataclass(slots=True)
class Band:
    """Lines cut into columns: each entry is (column index, segment as a line)."""

    starts: list[float]
    rows: list[list[tuple[int, Line]]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(line.top for row in self.rows for _, line in row)


def segment_line(line: Line, words: list[Word]) -> Line:
    """A segment of a line, as a line of its own, as tall as its largest word."""
    tallest = max(words, key=lambda word: word.size)
    return Line(line.page, tallest.top, tallest.bottom, list(words))


def _column(starts: list[float], x: float) -> int | None:
    for index, start in enumerate(starts):
        if abs(x - start) <= _ALIGN:
            return index
    return None


def column_starts(segmented: list[list[Line]]) -> list[float]:
    """Where columns start in a band: segment starts seen on two lines or more."""
    xs = sorted(segment.x0 for segments in segmented for segment in segments)
    starts: list[float] = []
    counts: list[int] = []
    for x in xs:
        if starts and x - starts[-1] <= _ALIGN:
            counts[-1] += 1
        else:
            starts.append(x)
            counts.append(1)
    return [start for start, count in zip(starts, counts, strict=True) if count >= 2]


def build_band(segmented: list[list[Line]]) -> Band | None:
    """Assign each segment of the lines to a column; None when they make no columns."""
    starts = column_starts(segmented)
    if len(starts) < 2:
        return None
    band = Band(starts)
    for segments in segmented:
        row: list[tuple[int, Line]] = []
        for segment in segments:
            column = _column(starts, segment.x0)
            if column is None:  # starts nowhere known: it belongs to the column it lies in
                column = max(i for i, start in enumerate(starts) if start <= segment.x0 + _ALIGN)
            row.append((column, segment))
        band.rows.append(row)
    return band


# Labels of fields the parser does not keep, which still make a table a table of fields.
_OTHER_LABELS = re.compile(
    r"(temps|duree|quotite|horaires?|volume) (de travail|du contrat|hebdomadaire)\b.*"
    r"|quotite|horaires?|remuneration|salaire|traitement|contrat|type de contrat|domaine"
    r"|specialite|permis|diplomes?( requis| exige)?|niveau (de diplome|d etudes|requis)"
    r"|conditions( d acces| de recrutement)?|mise a jour\b.*|modalites\b.*|astreintes?"
    r"|avantages|statut|categorie|filiere|composante|quotite de travail"
)


def is_label(text: str) -> bool:
    """Whether a cell reads as a field label."""
    stripped = text.strip()
    return bool(
        field_of(stripped.rstrip(" :")) or _OTHER_LABELS.fullmatch(label_key(stripped))
    ) or (stripped.endswith(":") and len(stripped.split()) <= 10)


def label_rows(band: Band) -> list[tuple[str, list[Line]]] | None:
    """The (label, value lines) of a two-column label table; None if the band is no such table.

    A left cell alone on its line whose text starts in lower case finishes the label above it
    (`Date limite de dépôt des` / `candidatures`); a right cell alone goes on with the value.
    """
    if len(band.starts) != 2:
        return None
    rows: list[tuple[str, list[Line]]] = []
    for row in band.rows:
        left = [line for column, line in row if column == 0]
        right = [line for column, line in row if column == 1]
        if left and rows and left[0].text[:1].islower():
            rows[-1] = (f"{rows[-1][0]} {left[0].text}", rows[-1][1] + right)
        elif left:
            rows.append((" ".join(line.text for line in left), right))
        elif rows:
            rows[-1][1].extend(right)
        else:
            return None  # a value before any label: no label table
    labelled = sum(is_label(label) for label, _ in rows)
    return rows if labelled >= 2 and labelled * 2 >= len(rows) else None


def columns_of(band: Band) -> list[list[Line]]:
    """Each column's segments, top to bottom, to be read as boxes one after the other."""
    columns: list[list[Line]] = [[] for _ in band.starts]
    for row in band.rows:
        for column, line in row:
            columns[column].append(line)
    return [column for column in columns if column]
