"""Operators' corrections: checked before they are stored, applied over any parse."""

from datetime import date, time

import pytest

from postes.offers.corrections import CorrectionError, apply_corrections, check_correction
from postes.offers.model import Offer


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("deadline", "2025-10-03", "2025-10-03"),
        ("deadline", "Aucune", "aucune"),
        ("deadline_time", "16h", "16:00"),
        ("deadline_time", "9:30", "09:30"),
        ("employer", "province  sud", "Province Sud"),
        ("title", "  Chargé   de mission ", "Chargé de mission"),
    ],
)
def test_values_are_normalised(field: str, value: str, stored: str) -> None:
    assert check_correction(field, value) == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("deadline", "03/10/2025"),
        ("deadline", "demain"),
        ("deadline_time", "25h"),
        ("title", " "),
        ("body", "x"),
    ],
)
def test_unusable_values_are_refused(field: str, value: str) -> None:
    with pytest.raises(CorrectionError):
        check_correction(field, value)


def test_corrections_win_over_the_parse_and_clear_the_review() -> None:
    offer = Offer(
        title="Lu de travers", body="", review="date limite introuvable : vérifier l'avis"
    )
    apply_corrections(
        offer, {"deadline": "2025-10-03", "deadline_time": "16:00", "title": "Juriste"}
    )
    assert (offer.deadline, offer.deadline_time, offer.title, offer.review) == (
        date(2025, 10, 3),
        time(16, 0),
        "Juriste",
        None,
    )
    assert offer.found == {
        "deadline": "corrected",
        "deadline_time": "corrected",
        "title": "corrected",
    }


def test_no_deadline_correction_marks_the_offer_open_ended() -> None:
    offer = apply_corrections(
        Offer(title="t", body="", deadline=date(2025, 1, 1)), {"deadline": "aucune"}
    )
    assert (offer.deadline, offer.no_deadline) == (None, True)
