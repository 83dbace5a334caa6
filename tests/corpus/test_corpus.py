"""Integrity of the notice corpus: labels, files, PDFs and the scorer agree with each other.

The parser's accuracy targets are asserted elsewhere; these tests only make sure the yardstick
itself is sound.
"""

from __future__ import annotations

import json
import re
from datetime import date, time, timedelta
from types import SimpleNamespace
from typing import Any

import pypdfium2 as pdfium
import pytest

from postes.offers.dates import MONTH_NAMES, WEEKDAY_NAMES
from postes.offers.model import Corps
from tests.corpus import (
    _PDF_CACHE,
    CORPUS_DIR,
    EXPECT_KEYS,
    LAYOUTS,
    NOTICE_SUFFIXES,
    PDF_HINT_KEYS,
    SETS,
    CorpusNotice,
    load_corpus,
)
from tests.corpus.blocks import Heading
from tests.corpus.pdfs import notice_blocks
from tests.corpus.pdfstyle import fold_line
from tests.corpus.score import FIELDS, score_offer, summarise

NOTICES = [notice for set_name in SETS for notice in load_corpus(set_name)]
WEEKDAYS = WEEKDAY_NAMES
MONTHS = list(MONTH_NAMES)


def _ids(notice: CorpusNotice) -> str:
    return f"{notice.set_name}/{notice.name}"


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) else value


def _pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(
            document[index].get_textpage().get_text_range() for index in range(len(document))
        )
    finally:
        document.close()


def test_the_dev_set_has_at_least_forty_notices() -> None:
    assert len(load_corpus("dev")) >= 40


def test_a_missing_set_loads_as_empty() -> None:
    assert load_corpus("no-such-set") == []


@pytest.mark.parametrize("set_name", [name for name in SETS if load_corpus(name)])
def test_labels_and_notice_files_name_each_other(set_name: str) -> None:
    folder = CORPUS_DIR / set_name
    labelled = [entry["file"] for entry in json.loads((folder / "labels.json").read_text())]
    files = sorted(
        path.name
        for path in folder.iterdir()
        if path.suffix in NOTICE_SUFFIXES and path.stem != "README"  # a set's own notes
    )
    assert len(labelled) == len(set(labelled)), "a file is labelled twice"
    assert sorted(labelled) == files
    assert all(re.fullmatch(r"\d{2}-[a-z0-9-]+\.(txt|md|html)", name) for name in files)


@pytest.mark.parametrize("notice", NOTICES, ids=_ids)
def test_expect_has_exactly_the_schema_keys_and_types(notice: CorpusNotice) -> None:
    expect = notice.expect
    assert set(expect) == set(EXPECT_KEYS)
    for key in ("title", "employer", "workplace"):
        options = expect[key] if isinstance(expect[key], list) else [expect[key]]
        assert options, key
        assert all(isinstance(option, str) and option.strip() for option in options if option)
    assert expect["title"], "every notice has a title"
    assert expect["reference"] is None or isinstance(expect["reference"], str)
    assert isinstance(expect["corps"], list)
    assert all(isinstance(name, str) and name for name in expect["corps"])
    for key in ("published_on", "deadline", "start_date"):
        if expect[key] is not None:
            assert date.fromisoformat(expect[key]).year in (2024, 2025, 2026), key
    if expect["deadline_time"] is not None:
        assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", expect["deadline_time"])
        assert expect["deadline"] is not None, "an hour belongs to a deadline"
    assert isinstance(expect["no_deadline"], bool)
    assert not (expect["no_deadline"] and expect["deadline"]), "no deadline, or a deadline"
    assert isinstance(expect["posts"], int)
    assert expect["posts"] >= 1


@pytest.mark.parametrize("notice", NOTICES, ids=_ids)
def test_layouts_and_pdf_hints_are_known(notice: CorpusNotice) -> None:
    assert notice.layouts
    assert set(notice.layouts) <= LAYOUTS
    assert set(notice.pdf_hints) <= PDF_HINT_KEYS
    if "side_boxes" in notice.layouts:
        boxes = notice.pdf_hints["side_boxes"]
        headings = [fold_line(b.text) for b in notice_blocks(notice) if isinstance(b, Heading)]
        assert len(boxes) == 2
        first, second = (headings.index(fold_line(box)) for box in boxes)
        assert second == first + 1, "side boxes are two consecutive sections"
    if "running_header_footer" in notice.layouts:
        assert notice.pdf_hints.get("running_header")
        assert notice.pdf_hints.get("running_footer")
    if "letterhead" in notice.layouts:
        assert notice.pdf_hints.get("letterhead")


@pytest.mark.parametrize("notice", NOTICES, ids=_ids)
def test_written_weekdays_match_their_dates(notice: CorpusNotice) -> None:
    text = notice.path.read_text(encoding="utf-8").lower().replace("\u00ad", "")
    pattern = rf"({'|'.join(WEEKDAYS)})\s+(\d{{1,2}})(?:er|ᵉʳ)?\s+({'|'.join(MONTHS)})\s+(\d{{4}})"
    for weekday, day, month, year in re.findall(pattern, text):
        written = date(int(year), MONTHS.index(month) + 1, int(day))
        assert WEEKDAYS[written.weekday()] == weekday, f"{weekday} {written}"


@pytest.mark.parametrize("notice", NOTICES, ids=_ids)
def test_pdf_renders_with_the_deadline_day_and_the_reference(notice: CorpusNotice) -> None:
    data = notice.pdf_bytes()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    # pdfium marks a hyphen that ends a line with U+FFFE and joins the two halves.
    compact = re.sub(r"[\s\u00ad\ufffe]", "", text).lower()
    if notice.expect["deadline"]:
        day = date.fromisoformat(notice.expect["deadline"]).day
        assert re.search(rf"(?<!\d)0?{day}(?!\d)", text), f"day {day}"
    if notice.expect["reference"]:
        assert re.sub(r"\s", "", notice.expect["reference"]).lower() in compact
    if "running_header_footer" in notice.layouts:
        document = pdfium.PdfDocument(data)
        assert len(document) >= 2
        header = fold_line(notice.pdf_hints["running_header"])
        for index in range(len(document)):
            assert header in fold_line(document[index].get_textpage().get_text_range())
        document.close()


def test_rendering_is_deterministic() -> None:
    notice = NOTICES[0]
    first = notice.pdf_bytes()
    _PDF_CACHE.pop(notice.path)
    assert notice.pdf_bytes() == first


def _offer_from_labels(expect: dict[str, Any]) -> SimpleNamespace:
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    hour = expect["deadline_time"]
    return SimpleNamespace(
        title=_first(expect["title"]),
        reference=_first(expect["reference"]),
        employer=_first(expect["employer"]),
        corps=[Corps(name) for name in expect["corps"]],
        workplace=_first(expect["workplace"]),
        published_on=day(expect["published_on"]),
        deadline=day(expect["deadline"]),
        deadline_time=time.fromisoformat(hour) if hour else None,
        no_deadline=expect["no_deadline"],
        posts=expect["posts"],
        start_date=day(expect["start_date"]),
        review=None,
    )


def _wrong_offer(expect: dict[str, Any]) -> SimpleNamespace:
    def other_day(value: str | None) -> date:
        return date.fromisoformat(value) + timedelta(days=1) if value else date(2024, 1, 1)

    return SimpleNamespace(
        title="Zzz",
        reference="nope",
        employer="Nulle part",
        corps=[Corps("Zzz")],
        workplace="Nulle part",
        published_on=other_day(expect["published_on"]),
        deadline=other_day(expect["deadline"]),
        deadline_time=time(23, 59) if expect["deadline_time"] != "23:59" else time(1, 0),
        no_deadline=not expect["no_deadline"],
        posts=expect["posts"] + 1,
        start_date=other_day(expect["start_date"]),
        review=None,
    )


def test_scorer_gives_full_marks_to_the_labels_themselves() -> None:
    scores = [
        score_offer(n.expect, _offer_from_labels(n.expect), notice=n.name, form="text")
        for n in NOTICES
    ]
    summary = summarise(scores)
    assert summary.overall == 1.0
    assert summary.right_by_field == dict.fromkeys(FIELDS, len(NOTICES))
    assert summary.outcomes["right"] == len(NOTICES)


def test_scorer_gives_zero_to_a_wrong_offer() -> None:
    scores = [
        score_offer(n.expect, _wrong_offer(n.expect), notice=n.name, form="pdf") for n in NOTICES
    ]
    summary = summarise(scores)
    assert summary.overall == 0.0
    assert summary.outcomes["WRONG"] == len(NOTICES)
