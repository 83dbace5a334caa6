from datetime import date, timedelta

import pytest

from postes.offers.parse import parse_document
from postes.samples import render, sample_documents

TODAY = date(2025, 7, 29)
SAMPLES = sample_documents(TODAY)


def test_there_are_a_dozen_samples() -> None:
    assert len(SAMPLES) == 12


def test_samples_include_markdown_and_html() -> None:
    suffixes = {name.rsplit(".", 1)[1] for name, _ in SAMPLES}
    assert {"txt", "md", "html"} <= suffixes


@pytest.mark.parametrize(("name", "data"), SAMPLES, ids=[name for name, _ in SAMPLES])
def test_sample_parses_with_deadline_ahead(name: str, data: bytes) -> None:
    offer = parse_document(data, name)
    assert offer.employer
    assert offer.corps
    assert offer.reference
    assert offer.deadline is not None
    assert offer.deadline > TODAY
    assert offer.published_on is not None
    assert offer.published_on < TODAY
    assert offer.unreadable == {}


def test_samples_span_several_employers() -> None:
    employers = {parse_document(data, name).employer for name, data in SAMPLES}
    assert {
        "Province Sud",
        "Province Nord",
        "Province des îles Loyauté",
        "Gouvernement de la Nouvelle-Calédonie",
        "Mairie de Nouméa",
        "Mairie de Dumbéa",
        "CCAS du Mont-Dore",
        "Caisse des écoles de la Ville de Nouméa",
    } <= employers


def test_samples_include_an_extended_deadline() -> None:
    offers = [parse_document(data, name) for name, data in SAMPLES]
    assert any(offer.initial_deadline for offer in offers)


def test_html_sample_title_keeps_ampersand_and_angle_bracket() -> None:
    html = next(data for name, data in SAMPLES if name.endswith(".html"))
    title = parse_document(html, "sample.html").title
    assert "&" in title
    assert "<" in title


def test_sample_deadlines_follow_today() -> None:
    later = TODAY + timedelta(days=100)
    deadlines = [parse_document(d, n).deadline for n, d in sample_documents(later)]
    assert min(d for d in deadlines if d) > later


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        ("{{+3:long}}", "vendredi 1er août 2025"),
        ("{{+31:Long}}", "Vendredi 29 août 2025"),
        ("{{+3:sup}}", "1ᵉʳ août 2025"),
        ("{{-53:slash}}", "06/06/2025"),
        ("{{-53:plain}}", "06 juin 2025"),
        ("{{+17:short}}", "15/08/25"),
        ("{{+2:month}}", "Juillet 2025"),
        ("{{yy}}", "25"),
    ],
)
def test_placeholder_renders_in_notice_formats(placeholder: str, expected: str) -> None:
    assert render(placeholder, TODAY) == expected
