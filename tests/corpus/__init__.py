"""The notice corpus: hand-labelled vacancy notices the parser's accuracy is measured on.

`dev/` is written with the corpus tools; `holdout/` is written by someone else with the same
schema (see `labels.json` in each set) so that the parser is never tuned on it. Each notice is
read as its text file, or rendered on demand as a Word-like PDF by `tests/corpus/pdfs.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS_DIR = Path(__file__).resolve().parent
SETS = ("dev", "dev2", "dev3", "holdout")
NOTICE_SUFFIXES = (".txt", ".md", ".html")

# The keys of a notice's `expect`, in the order reports list them.
EXPECT_KEYS = (
    "title",
    "reference",
    "employer",
    "corps",
    "workplace",
    "published_on",
    "deadline",
    "deadline_time",
    "no_deadline",
    "posts",
    "start_date",
)
LAYOUTS = frozenset(
    {
        "plain",
        "label_table",
        "label_table_borderless",
        "running_header_footer",
        "justified_hyphenated",
        "side_boxes",
        "letterhead",
        "posts_table",
        "superscript_ordinals",
    }
)
PDF_HINT_KEYS = frozenset(
    {"letterhead", "running_header", "running_footer", "logo_text", "side_boxes"}
)

# Rendering takes a few tens of milliseconds: the bench, the tests and a parser engineer's
# loop all ask for the same PDFs, so each is rendered once per process.
_PDF_CACHE: dict[Path, bytes] = {}


@dataclass(frozen=True)
class CorpusNotice:
    """One labelled notice: its file, how to lay it out as a PDF, and what a reader finds in it."""

    set_name: str  # "dev" or "holdout"
    path: Path
    layouts: tuple[str, ...]
    pdf_hints: dict[str, Any] = field(hash=False)
    expect: dict[str, Any] = field(hash=False)

    @property
    def name(self) -> str:
        """The notice's file name, as labels.json names it."""
        return self.path.name

    @property
    def pdf_name(self) -> str:
        """The file name its PDF form is parsed under: `<stem>.pdf`."""
        return f"{self.path.stem}.pdf"

    def text_bytes(self) -> bytes:
        """The notice file as it is."""
        return self.path.read_bytes()

    def pdf_bytes(self) -> bytes:
        """The notice rendered as a PDF (cached per process)."""
        cached = _PDF_CACHE.get(self.path)
        if cached is None:
            from tests.corpus.pdfs import render_notice  # reportlab only when PDFs are asked

            cached = _PDF_CACHE[self.path] = render_notice(self)
        return cached


def load_corpus(set_name: str) -> list[CorpusNotice]:
    """Read a set's labels.json in its order; [] when the set does not exist."""
    labels_path = CORPUS_DIR / set_name / "labels.json"
    if not labels_path.is_file():
        return []
    entries = json.loads(labels_path.read_text(encoding="utf-8"))
    return [
        CorpusNotice(
            set_name=set_name,
            path=labels_path.parent / entry["file"],
            layouts=tuple(entry.get("layouts", ())),
            pdf_hints=dict(entry.get("pdf", {})),
            expect=dict(entry["expect"]),
        )
        for entry in entries
    ]
