from datetime import date

import pytest

from postes.offers.dates import find_dates, parse_french_date, parse_french_month, read_deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vendredi 1er août 2025", date(2025, 8, 1)),
        ("Vendredi 29 août 2025", date(2025, 8, 29)),
        ("06/06/2025", date(2025, 6, 6)),
        ("06 juin 2025", date(2025, 6, 6)),
        ("15/08/25", date(2025, 8, 15)),
        ("1ᵉʳ août 2025", date(2025, 8, 1)),
        ("1er août 2025", date(2025, 8, 1)),
        ("vendredi\u00a01er\u00a0août\u202f2025", date(2025, 8, 1)),
        ("1 aout 2025", date(2025, 8, 1)),
        ("1er AOÛT 2025", date(2025, 8, 1)),
        ("7 févr. 2025", date(2025, 2, 7)),
        ("28 FEVRIER 2025", date(2025, 2, 28)),
        ("11.04.2025", date(2025, 4, 11)),
        ("mardi 2 décembre 2025", date(2025, 12, 2)),
    ],
)
def test_french_date_forms_are_read(text: str, expected: date) -> None:
    assert parse_french_date(text) == expected


@pytest.mark.parametrize(
    "text", ["fin août", "dès que possible", "début septembre 2025", "1er août", "", "à définir"]
)
def test_phrase_without_full_date_yields_none(text: str) -> None:
    assert parse_french_date(text) is None


def test_month_only_is_not_a_date() -> None:
    assert parse_french_date("Juillet 2025") is None


def test_month_only_is_read_when_asked_for_a_month() -> None:
    assert parse_french_month("Juillet 2025") == date(2025, 7, 1)


def test_impossible_calendar_day_is_not_a_date() -> None:
    assert parse_french_date("31/02/2025") is None


def test_phone_number_is_not_a_date() -> None:
    assert parse_french_date("appeler le 27.12.34") is None


def test_reference_number_is_not_a_date() -> None:
    assert find_dates("3134-25-1095/SR") == []


def test_dates_are_found_inside_a_sentence_with_their_raw_text() -> None:
    text = "Poste susceptible d’être vacant au 1ᵉʳ août 2025, candidatures avant le 15/07/2025."
    assert find_dates(text) == [
        (date(2025, 8, 1), "1ᵉʳ août 2025"),
        (date(2025, 7, 15), "15/07/2025"),
    ]


def test_weekday_is_part_of_the_raw_text() -> None:
    assert find_dates("le vendredi 11 juillet 2025") == [
        (date(2025, 7, 11), "vendredi 11 juillet 2025")
    ]


def test_initially_planned_date_becomes_initial_deadline() -> None:
    text = (
        "Vendredi 29 août 2025\n"
        "Modification de la date de clôture initialement prévue le 15/08/2025."
    )
    assert read_deadline(text) == (date(2025, 8, 29), date(2025, 8, 15))


@pytest.mark.parametrize("verb", ["prorogée", "reportée", "repoussée", "prolongée"])
def test_extension_verb_moves_the_deadline(verb: str) -> None:
    text = f"15/08/2025 – date limite {verb} au 29 août 2025"
    assert read_deadline(text) == (date(2025, 8, 29), date(2025, 8, 15))


def test_initial_date_written_after_the_new_one_is_still_initial() -> None:
    text = "Reportée au 5 septembre 2025 (au lieu du 29 août 2025)"
    assert read_deadline(text) == (date(2025, 9, 5), date(2025, 8, 29))


def test_plain_deadline_has_no_initial_deadline() -> None:
    assert read_deadline("vendredi 27 juin 2025") == (date(2025, 6, 27), None)


def test_unreadable_deadline_reads_nothing() -> None:
    assert read_deadline("fin août") == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "La date limite, initialement fixée au 11/12/2026, est avancée au 4 décembre 2026.",
        "Date limite ramenée du 11 décembre 2026 au 04/12/2026",
        "Date limite : 11/12/2026\nDate limite avancée au 04/12/2026 au lieu du 11/12/2026",
        "Date limite : 04/12/2026 (initialement prévue le 11/12/2026)",
    ],
)
def test_announced_shortening_reads_the_earlier_date_and_cites_the_later(text: str) -> None:
    assert read_deadline(text) == (date(2026, 12, 4), date(2026, 12, 11))
