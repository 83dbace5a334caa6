"""Every regular expression of `postes.offers` stays fast on hostile text.

A quadratic pattern once froze the bot on one line of 5 MB (issue 9): `re` holds the GIL, so
nothing else ran. The patterns are found automatically, so that one added later is covered
without editing this file: compiled patterns held by the modules (also inside tuples, lists
and dicts), and pattern literals written inline in `re.search(r"…", …)` and the like. Each is
run on 30 000-character runs of every kind of character, as it is used: inline patterns with
the call they are written with, module-level ones with a full scan (the cost of `search`,
`finditer`, `sub` and `split`) and `fullmatch`.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

import postes.offers

LENGTH = 30_000
SECONDS = 1.0  # per call; linear: milliseconds on 30 000 characters; quadratic: seconds
# Repeated to LENGTH: the character classes the patterns of a notice parser care about.
UNITS = (
    "x",
    "É",
    "é",
    "1",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\u00a0",
    ".",
    ",",
    ";",
    ":",
    "'",
    "’",
    "(",
    "|",
    "#",
    "*",
    "_",
    "@",
    "-",
    "–",
    "/",
    "°",
    "a.",
    "1/",
    "a-",
    "a@",
    "a ",
    "1 ",
    " 1",
    "1-",
    "1.",
    "x@x.",
    "**",
    "# ",
    "| ",
    "|---",
    "- ",
    "de ",
    " ou ",
    "1er ",
    "01/01/",
    "lundi ",
    "n° ",
    "3134-25-",
    "cat. ",
    "avis de ",
)
SCANS = ("search", "findall", "finditer", "sub", "split")
OPERATIONS = (*SCANS, "match", "fullmatch")


@dataclass(frozen=True, slots=True)
class UsedPattern:
    """A pattern of `postes.offers`, where it is, and the calls it must survive."""

    where: str
    pattern: re.Pattern[str]
    operations: tuple[str, ...]


def _offers_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{postes.offers.__name__}.{info.name}")
        for info in pkgutil.iter_modules(postes.offers.__path__)
    ]


def _held_patterns(name: str, value: Any, depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
    if isinstance(value, re.Pattern):
        yield name, value
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset):
        for index, item in enumerate(value):
            yield from _held_patterns(f"{name}[{index}]", item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, item in value.items():
            yield from _held_patterns(f"{name}[{key!r}]", item, depth + 1)


def _flags(call: ast.Call) -> int:
    """The flags of an inline call, positional or keyword (`re.I`, `re.I | re.M`)."""
    position = {"sub": 4, "split": 3}.get(call.func.attr, 2)  # type: ignore[attr-defined]
    nodes = [kw.value for kw in call.keywords if kw.arg == "flags"]
    nodes += call.args[position : position + 1]
    return sum(eval(compile(ast.Expression(n), "<flags>", "eval"), {"re": re}) for n in nodes)


def _inline_patterns(module: ModuleType) -> Iterator[UsedPattern]:
    short = module.__name__.rsplit(".", 1)[-1]
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in OPERATIONS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            pattern = re.compile(node.args[0].value, _flags(node))
            yield UsedPattern(f"{short}.py:{node.lineno}", pattern, (node.func.attr,))


def offers_patterns() -> list[UsedPattern]:
    """Every pattern of `postes.offers`: held by a module, or written inline in a call."""
    found = []
    for module in _offers_modules():
        short = module.__name__.rsplit(".", 1)[-1]
        for name, value in vars(module).items():
            for where, pattern in _held_patterns(name, value):
                # How a held pattern is used may change: give it a full scan and a fullmatch.
                found.append(UsedPattern(f"{short}.{where}", pattern, ("finditer", "fullmatch")))
        found.extend(_inline_patterns(module))
    return found


def hostile_texts(length: int = LENGTH) -> Iterator[tuple[str, str]]:
    """(label, text): each unit repeated, cut short of a match by a stray mark at the end
    (what makes a backtracking pattern try every way), alone or after a word."""
    for unit in UNITS:
        run = (unit * (length // len(unit) + 1))[:length]
        yield f"{unit!r}+!", run + "!"
        yield f"a {unit!r}§", f"a {run}§"


def run_once(used: UsedPattern, operation: str, text: str) -> float:
    """Seconds one call of `operation` takes on `text`."""
    start = time.perf_counter()
    if operation == "sub":
        used.pattern.sub("", text)
    elif operation in ("finditer", "split", "findall"):
        for _ in getattr(used.pattern, operation)(text):
            pass
    else:
        getattr(used.pattern, operation)(text)
    return time.perf_counter() - start


PATTERNS = offers_patterns()


def test_patterns_are_found_in_every_module_and_inline() -> None:
    wheres = [used.where for used in PATTERNS]
    modules = {where.split(".")[0] for where in wheres}

    assert {"documents", "fields", "labels", "dates", "corps", "parse"} <= modules
    assert "fields._EMAIL" in wheres
    assert any(where.startswith("label_names._PATTERNS[") for where in wheres)  # inside a tuple
    assert any(where.startswith("labels.py:") for where in wheres)  # `re.sub(r"…", …)` inline


@pytest.mark.parametrize("used", PATTERNS, ids=[used.where for used in PATTERNS])
def test_pattern_is_fast_on_long_runs_of_every_character(used: UsedPattern) -> None:
    slow = [
        f"{operation}({label}) {seconds:.2f} s"
        for label, text in hostile_texts()
        for operation in used.operations
        if (seconds := run_once(used, operation, text)) > SECONDS
    ]

    assert not slow, f"{used.pattern.pattern!r} is slow: {slow}"
