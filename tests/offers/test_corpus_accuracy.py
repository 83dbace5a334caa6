"""The parser against the labelled corpus: the issue's targets, as a floor that stays.

The dev set is what the parser was built on; the hold-out set was written blind and is only
held to the rules that must never break: no wrong deadline, no shouting or letterhead title.
`bench/parse_accuracy.py` prints the per-field figures.
"""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab")

from postes.offers.parse import parse_document
from tests.corpus import CorpusNotice, load_corpus
from tests.corpus.score import NoticeScore, score_document, summarise

FORMS = ("text", "pdf")


def _score(notice: CorpusNotice, form: str) -> NoticeScore:
    if form == "text":
        return score_document(
            notice.expect,
            lambda: parse_document(notice.text_bytes(), notice.name),
            notice=notice.name,
            form=form,
        )
    return score_document(
        notice.expect,
        lambda: parse_document(notice.pdf_bytes(), notice.pdf_name),
        notice=notice.name,
        form=form,
    )


@pytest.mark.parametrize("form", FORMS)
def test_dev_corpus_reads_at_least_97_percent_of_fields(form: str) -> None:
    scores = [_score(notice, form) for notice in load_corpus("dev")]
    summary = summarise(scores)
    failures = [(s.notice, r.name, r.expected, r.got) for s in scores for r in s.failures]
    assert summary.overall >= 0.97, failures


@pytest.mark.parametrize("set_name", ["dev", "dev2", "dev3", "holdout"])
@pytest.mark.parametrize("form", FORMS)
def test_no_deadline_is_ever_wrong(set_name: str, form: str) -> None:
    notices = load_corpus(set_name)
    if not notices:
        pytest.skip(f"no {set_name} set")
    scores = [_score(notice, form) for notice in notices]
    assert summarise(scores).outcomes["WRONG"] == 0, [
        (s.notice, s.fields["deadline"].got) for s in scores if s.deadline_outcome == "WRONG"
    ]


@pytest.mark.parametrize("set_name", ["dev", "dev2", "dev3", "holdout"])
@pytest.mark.parametrize("form", FORMS)
def test_titles_are_in_normal_case_and_never_an_institution(set_name: str, form: str) -> None:
    from postes.offers.employers import match_employer
    from postes.offers.letterheads import is_letterhead

    notices = load_corpus(set_name)
    if not notices:
        pytest.skip(f"no {set_name} set")
    scores = [_score(notice, form) for notice in notices]
    assert all(s.title_case_ok for s in scores), [s.notice for s in scores if not s.title_case_ok]
    titles = [(s.notice, s.fields["title"].got or "") for s in scores]
    assert not [
        (notice, title)
        for notice, title in titles
        if is_letterhead(title) or (match_employer(title) and len(title.split()) <= 6)
    ]
