"""Print how accurately the parser reads the labelled notice corpus, as text and as PDF.

Run from the project root: `.venv/bin/python bench/parse_accuracy.py [--set dev|holdout|all]
[--form text|pdf|both] [--quiet]`. Each set is reported on its own: per-field accuracy, overall
share of fields right, deadline outcomes (a WRONG deadline is the one that must never happen),
title checks, then every failing field of every notice.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the corpus and its PDF generator live with the tests

from postes.offers.parse import parse_document  # noqa: E402
from tests.corpus import SETS, CorpusNotice, load_corpus  # noqa: E402
from tests.corpus.score import (  # noqa: E402
    DEADLINE_OUTCOMES,
    FIELDS,
    NoticeScore,
    Summary,
    score_document,
    summarise,
)

FORMS = ("text", "pdf")


def score_form(notices: list[CorpusNotice], form: str) -> list[NoticeScore]:
    """Parse every notice in one form and score it."""
    scores = []
    for notice in notices:
        if form == "text":
            data, filename = notice.text_bytes(), notice.name
        else:
            data, filename = notice.pdf_bytes(), notice.pdf_name
        scores.append(
            score_document(
                notice.expect,
                lambda data=data, filename=filename: parse_document(data, filename),
                notice=notice.name,
                form=form,
            )
        )
    return scores


def _cell(right: int, total: int) -> str:
    percent = 100 * right / total if total else 0.0
    return f"{percent:5.1f}% {right:>3}/{total:<3}"


def print_tables(summaries: dict[str, Summary]) -> None:
    """Per-field accuracy, overall, deadline outcomes and title checks, forms side by side."""
    forms = list(summaries)
    print(f"{'field':<22}" + "".join(f"{form:>18}" for form in forms))
    for name in FIELDS:
        cells = [_cell(s.right_by_field[name], s.notices) for s in summaries.values()]
        print(f"{name:<22}" + "".join(f"{cell:>18}" for cell in cells))
    print(f"{'ALL FIELDS':<22}" + "".join(f"{100 * s.overall:>17.1f}%" for s in summaries.values()))
    cells = [_cell(s.title_case_right, s.notices) for s in summaries.values()]
    print(f"{'title in normal case':<22}" + "".join(f"{cell:>18}" for cell in cells))
    print("deadline outcomes")
    for outcome in DEADLINE_OUTCOMES:
        counts = [f"{s.outcomes[outcome]:>18}" for s in summaries.values()]
        print(f"  {outcome:<20}" + "".join(counts))


def print_failures(scores: dict[str, list[NoticeScore]]) -> None:
    """Every notice that is not read perfectly: field, expected, got."""
    for form, form_scores in scores.items():
        for score in form_scores:
            if score.error:
                print(f"[{form}] {score.notice}: {score.error}")
                continue
            problems = [(r.name, r.expected, r.got) for r in score.failures]
            # A notice without a date that is flagged for review is read as the issue asks.
            undated = score.fields["deadline"].expected is None
            if score.deadline_outcome not in (("right", "flagged") if undated else ("right",)):
                problems.append(("deadline outcome", "right", score.deadline_outcome))
            if not score.title_case_ok:
                problems.append(("title case", "normal case", score.fields["title"].got))
            for name, expected, got in problems:
                print(f"[{form}] {score.notice}: {name}: expected {expected!r}, got {got!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--form", choices=[*FORMS, "both"], default="both")
    parser.add_argument("--quiet", action="store_true", help="tables only")
    args = parser.parse_args(argv)
    sets = SETS if args.set == "all" else (args.set,)
    forms = FORMS if args.form == "both" else (args.form,)
    started = time.perf_counter()
    for set_name in sets:
        notices = load_corpus(set_name)
        if not notices:
            print(f"== {set_name}: no labelled notices (tests/corpus/{set_name}/labels.json)\n")
            continue
        scores = {form: score_form(notices, form) for form in forms}
        print(f"== {set_name}: {len(notices)} notices")
        print_tables({form: summarise(form_scores) for form, form_scores in scores.items()})
        if not args.quiet:
            print("\nfailures")
            print_failures(scores)
        print()
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
