"""The core never imports a chat framework: conversation, jobs, storage and offers stay
platform-neutral, so a front end (Telegram, Slack, the console) is a plug-in.

Imports are read from the source (ast), every one of them: at module level, inside
functions (lazy imports), relative ones, and `importlib.import_module("…")` with a literal.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ("conversation", "jobs", "storage", "offers")
# The frameworks, and the front ends that wrap them (importing one imports its framework).
FORBIDDEN = ("telegram", "slack_bolt", "slack_sdk", "postes.platforms")


def _package(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, module name) of every import in `source`, the module being `module`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                parent = module.split(".")[: -node.level]
                base = ".".join([*parent, base] if base else parent)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def forbidden_imports(source: str, module: str) -> list[str]:
    """`line: name` for each import of a framework or a front end."""
    return [
        f"{line}: {name}"
        for line, name in imported_modules(source, module)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]


def _core_modules() -> list[Path]:
    return sorted(p for package in CORE for p in (ROOT / "postes" / package).rglob("*.py"))


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_imports_no_chat_framework(path: Path) -> None:
    found = forbidden_imports(path.read_text(encoding="utf-8"), _package(path))
    assert found == [], f"{path.relative_to(ROOT)} imports a front end: {found}"


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "postes" / "platforms" / "console").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_the_console_is_a_front_end_of_its_own(path: Path) -> None:
    # Not a fake Telegram transport: it calls the core and renders outcomes itself.
    others = ("telegram", "slack_bolt", "slack_sdk", "postes.platforms.telegram")
    found = [
        f"{line}: {name}"
        for line, name in imported_modules(path.read_text(encoding="utf-8"), _package(path))
        if any(name == f or name.startswith(f + ".") for f in others)
    ]
    assert found == []


def test_every_core_package_is_checked() -> None:
    checked = {_package(p).split(".")[1] for p in _core_modules()}
    assert checked == set(CORE)
    assert len(_core_modules()) > 40


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import telegram", ["1: telegram"]),
        (
            "from telegram.ext import Application",
            ["1: telegram.ext", "1: telegram.ext.Application"],
        ),
        ("def f():\n    import slack_sdk.web\n", ["2: slack_sdk.web"]),
        (
            "async def f():\n    from slack_bolt import App\n",
            ["2: slack_bolt", "2: slack_bolt.App"],
        ),
        (
            "from ..platforms import telegram",
            ["1: postes.platforms", "1: postes.platforms.telegram"],
        ),
        ("import importlib\nimportlib.import_module('telegram')", ["2: telegram"]),
        ("from postes.platforms.console.render import html_to_console", None),
        ("import telegrams\nfrom slack_bolt_extra import x\nimport postes.platformsx", []),
        ("from . import buttons\nfrom postes.storage import chats", []),
    ],
)
def test_the_check_sees_every_kind_of_import(source: str, expected: list[str] | None) -> None:
    found = forbidden_imports(source, "postes.conversation.example")
    if expected is None:
        assert found  # whatever the details, a front end's module is refused
    else:
        assert found == expected
