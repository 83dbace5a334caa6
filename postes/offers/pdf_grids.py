"""Ruled tables and boxes: the cells that a PDF's strokes draw, and the words in each.

Word draws a table's borders and a text box's frame as strokes. Joined strokes form a grid;
each row of the grid is cut into cells by the vertical strokes that cross it (rows may merge
cells differently), and every word goes to the cell holding its middle. A label cell and its
value cell are then a pair however their lines wrap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from postes.offers.pdf_glyphs import Rule
from postes.offers.pdf_lines import Word

_TOUCH = 3.0  # strokes closer than this meet


@dataclass(slots=True)
class Cell:
    x0: float
    x1: float
    top: float
    bottom: float
    words: list[Word] = field(default_factory=list)


@dataclass(slots=True)
class Grid:
    """A table or box: its rows of cells, top to bottom, cells left to right."""

    rows: list[list[Cell]]

    @property
    def top(self) -> float:
        return self.rows[0][0].top

    @property
    def x0(self) -> float:
        return min(row[0].x0 for row in self.rows)

    @property
    def x1(self) -> float:
        return max(row[-1].x1 for row in self.rows)

    @property
    def bottom(self) -> float:
        return self.rows[-1][0].bottom

    def holds(self, word: Word) -> bool:
        x = (word.x0 + word.x1) / 2
        return self.x0 <= x <= self.x1 and self.top <= word.middle <= self.bottom

    def place(self, word: Word) -> None:
        """Put a word into the cell that holds its middle."""
        x = (word.x0 + word.x1) / 2
        for row in self.rows:
            if row[0].top <= word.middle <= row[0].bottom:
                for cell in row:
                    if cell.x0 <= x <= cell.x1:
                        cell.words.append(word)
                        return


def _meets(a: Rule, b: Rule) -> bool:
    return (
        a.x0 - _TOUCH <= b.x1
        and b.x0 - _TOUCH <= a.x1
        and a.top - _TOUCH <= b.bottom
        and b.top - _TOUCH <= a.bottom
    )


def _components(rules: list[Rule]) -> list[list[Rule]]:
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            if _meets(a, rules[j]):
                parent[root(i)] = root(j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(root(i), []).append(rule)
    return list(groups.values())


def _positions(values: list[float]) -> list[float]:
    """Distinct positions, strokes drawn twice (a cell's border and its neighbour's) as one."""
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= _TOUCH:
            continue
        merged.append(value)
    return merged


def _grid(rules: list[Rule]) -> Grid | None:
    horizontal = [rule for rule in rules if rule.horizontal]
    vertical = [rule for rule in rules if not rule.horizontal]
    ys = _positions([(rule.top + rule.bottom) / 2 for rule in horizontal])
    xs = _positions([(rule.x0 + rule.x1) / 2 for rule in vertical])
    if len(ys) < 2 or len(xs) < 2:
        return None  # a lone underline or separator
    rows: list[list[Cell]] = []
    for top, bottom in pairwise(ys):
        if bottom - top < 4:
            continue  # a double border
        middle = (top + bottom) / 2
        walls = _positions(
            [
                (rule.x0 + rule.x1) / 2
                for rule in vertical
                if rule.top - _TOUCH <= middle <= rule.bottom + _TOUCH
            ]
        )
        if len(walls) >= 2:
            rows.append([Cell(a, b, top, bottom) for a, b in pairwise(walls)])
    return Grid(rows) if rows else None


def find_grids(rules: list[Rule]) -> list[Grid]:
    """Tables and boxes drawn on a page, top to bottom."""
    grids = [grid for group in _components(rules) if (grid := _grid(group))]
    return sorted(grids, key=lambda grid: (grid.top, grid.x0))
