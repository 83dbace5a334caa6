"""The parser against the labelled corpus: the issue's targets, as a floor that stays.

The dev set is what the parser was built on; the hold-out set was written blind and is only
held to the rules that must never break: no wrong deadline, no shouting or letterhead title.
`bench/parse_accuracy.py` prints the per-field figures.
"""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab")

from functools import cache

from postes.offers.parse import parse_document
from tests.corpus import SETS, load_corpus
from tests.corpus.score import NoticeScore, score_document, summarise

FORMS = ("text", "pdf")


@cache
def _scores(set_name: str, form: str) -> tuple[NoticeScore, ...]:
    """Every notice of a set parsed in one form and scored, once for all the tests below."""
    notices = load_corpus(set_name)
    if not notices:
        pytest.skip(f"no {set_name} set")
    return tuple(
        score_document(
            notice.expect,
            (
                (lambda n=notice: parse_document(n.text_bytes(), n.name))
                if form == "text"
                else (lambda n=notice: parse_document(n.pdf_bytes(), n.pdf_name))
            ),
            notice=notice.name,
            form=form,
        )
        for notice in notices
    )


@pytest.mark.parametrize("form", FORMS)
def test_dev_corpus_reads_at_least_97_percent_of_fields(form: str) -> None:
    scores = _scores("dev", form)
    summary = summarise(scores)
    failures = [(s.notice, r.name, r.expected, r.got) for s in scores for r in s.failures]
    assert summary.overall >= 0.97, failures


@pytest.mark.parametrize("set_name", SETS)
@pytest.mark.parametrize("form", FORMS)
def test_no_deadline_is_ever_wrong(set_name: str, form: str) -> None:
    scores = _scores(set_name, form)
    assert summarise(scores).outcomes["WRONG"] == 0, [
        (s.notice, s.fields["deadline"].got) for s in scores if s.deadline_outcome == "WRONG"
    ]


@pytest.mark.parametrize("set_name", SETS)
@pytest.mark.parametrize("form", FORMS)
def test_titles_are_in_normal_case_and_never_an_institution(set_name: str, form: str) -> None:
    from postes.offers.employers import match_employer
    from postes.offers.letterheads import is_letterhead

    scores = _scores(set_name, form)
    assert all(s.title_case_ok for s in scores), [s.notice for s in scores if not s.title_case_ok]
    titles = [(s.notice, s.fields["title"].got or "") for s in scores]
    assert not [
        (notice, title)
        for notice, title in titles
        if is_letterhead(title) or (match_employer(title) and len(title.split()) <= 6)
    ]
