"""The documents of a folder, and names safe to show.

A file system hands out names as bytes; Python decodes them with `surrogateescape`, so a
name that is not UTF-8 (an archive made on Windows: `avis-\\xe9t\\xe9.txt`) becomes a string
that no database, log file or terminal accepts as it is. Such a file is left out of the
listing and reported by its escaped name, so one bad name never blocks the whole folder.
Names are escaped for display too: a control character in a name (`\\x1b[31m`) must not
reach an admin's terminal raw.

Both the folder source (`jobs/sources.py`) and `postes ingest FOLDER` list folders here.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from postes.offers.documents import TEXT_SUFFIXES

# Categories shown escaped: controls (newline, ESC…), format characters (bidi overrides
# that reorder what a terminal shows), line/paragraph separators, lone surrogates.
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))


@dataclass(frozen=True, slots=True)
class SkippedName:
    """A file or folder left out of a listing; `name` is escaped, relative to the folder."""

    name: str
    reason: str  # French, for the status page


class Listing(NamedTuple):
    """The documents of a folder, sorted, and what was left out."""

    paths: list[Path]
    skipped: list[SkippedName]


def _escape_char(char: str) -> str:
    if unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control and invisible formatting characters written as escapes."""
    return "".join(_escape_char(char) for char in text)


def escape_name(name: str | bytes | os.PathLike[str]) -> str:
    """A file name as text safe to log and print: bytes that are not UTF-8 become `\\xe9`."""
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    return printable(raw.decode("utf-8", "backslashreplace"))


def is_decodable(name: str) -> bool:
    """Tell whether a name read from the file system is valid UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # surrogateescape'd bytes
        return False
    return True


def _is_document(name: str) -> bool:
    return Path(name).suffix.lower() in TEXT_SUFFIXES and not name.startswith(".")


def _outside(path: Path, root: Path) -> bool:
    """Tell whether a symbolic link leads out of `root` (or nowhere: a loop)."""
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python 3.11
        return True


def list_documents(folder: Path) -> Listing:
    """Files of `folder` and its subfolders that may be notices (`.txt .md .html .htm .pdf`).

    Left out, and named in `skipped`: names that are not UTF-8 (a folder with such a name is
    not entered), subfolders that cannot be read, and symbolic links to files outside the
    folder (a link to /etc/... in an unpacked archive would publish that file). Raises
    NotADirectoryError when `folder` is not a folder.
    """
    if not folder.is_dir():
        raise NotADirectoryError(str(folder))
    root = folder.resolve()
    paths: list[Path] = []
    skipped: list[SkippedName] = []

    def unreadable(error: OSError) -> None:
        name = os.path.relpath(error.filename or folder, folder)
        skipped.append(SkippedName(escape_name(name), f"dossier illisible ({error.strerror})"))

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        here = Path(top)
        for name in [d for d in dirs if not is_decodable(d)]:
            dirs.remove(name)  # os.walk descends into what is left in `dirs`
            shown = escape_name((here / name).relative_to(folder))
            skipped.append(SkippedName(shown, "nom de dossier illisible (pas en UTF-8)"))
        for name in files:
            if not _is_document(name):
                continue
            path = here / name
            shown = escape_name(path.relative_to(folder))
            if not is_decodable(name):
                skipped.append(SkippedName(shown, "nom de fichier illisible (pas en UTF-8)"))
            elif path.is_symlink() and _outside(path, root):
                skipped.append(SkippedName(shown, "lien symbolique vers l'extérieur du dossier"))
            elif path.is_file():
                paths.append(path)
    return Listing(sorted(paths), sorted(skipped, key=lambda s: s.name))
