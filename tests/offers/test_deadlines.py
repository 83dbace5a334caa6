"""Deadlines in fields and in sentences, their hour, and notices without one."""

from datetime import date, time

import pytest

from postes.offers.deadlines import hour_near, read_deadline_parts
from postes.offers.parse import parse_offer


@pytest.mark.parametrize(
    ("sentence", "day", "hour"),
    [
        (
            "Les candidatures doivent parvenir au plus tard le vendredi 14 mars 2025 à 15 heures.",
            date(2025, 3, 14),
            time(15, 0),
        ),
        (
            "Dossier à adresser au maire avant le 2 juin 2025, 11h30.",
            date(2025, 6, 2),
            time(11, 30),
        ),
        ("Les candidatures sont reçues jusqu’au 30 avril 2025 inclus.", date(2025, 4, 30), None),
        ("Envoyer CV et lettre avant le 16/05/2025 à midi.", date(2025, 5, 16), time(12, 0)),
        (
            "Candidatures à déposer au plus tard le 3 mars 2026 (16 h 30).",
            date(2026, 3, 3),
            time(16, 30),
        ),
    ],
)
def test_sentence_gives_the_deadline_and_its_hour(
    sentence: str, day: date, hour: time | None
) -> None:
    found = read_deadline_parts(None, "label", [], [sentence])
    assert (found.day, found.time, found.how) == (day, hour, "sentence")


@pytest.mark.parametrize(
    "sentence",
    [
        "Le poste est à pourvoir le 1er juillet 2025 ; candidatures bienvenues.",
        "Les entretiens auront lieu le 12 juin 2025 pour les candidats retenus.",
        "Vu l’arrêté du 3 mars 2024 relatif aux candidatures.",
    ],
)
def test_dates_of_other_events_are_no_deadline(sentence: str) -> None:
    assert read_deadline_parts(None, "label", [], [sentence]).day is None


def test_two_closing_dates_without_an_extension_are_not_guessed() -> None:
    found = read_deadline_parts(
        None,
        "label",
        [],
        ["Candidatures avant le 2 juin 2025.", "Dossiers à déposer au plus tard le 9 juin 2025."],
    )
    assert (found.day, found.ambiguous) == (None, True)


@pytest.mark.parametrize(
    "sentence",
    [
        "Les candidatures sont étudiées au fil de l’eau.",
        "Candidatures acceptées jusqu’à ce que le poste soit pourvu.",
        "Les dossiers sont examinés au fur et à mesure de leur réception.",
    ],
)
def test_open_ended_notices_say_so(sentence: str) -> None:
    found = read_deadline_parts(None, "label", [], [sentence])
    assert (found.day, found.open_ended) == (None, True)


def test_hour_before_the_date_is_read() -> None:
    text = "à déposer avant 11h30 le 2 juin 2025"
    start = text.index("2 juin")
    assert hour_near(text, start, len(text)) == time(11, 30)


def test_an_hour_of_the_next_sentence_is_not_the_deadline_s() -> None:
    text = "au plus tard le 30 avril 2025. Entretiens à 9h."
    start = text.index("30 avril")
    assert hour_near(text, start, start + len("30 avril 2025")) is None


NOTICE = """COMMUNE DE POYA
Secrétaire de mairie
Cadre d’emplois : Rédacteur
{closing}
"""


def test_notice_asking_for_applications_without_a_date_is_flagged() -> None:
    offer = parse_offer(
        NOTICE.format(closing="Candidatures dans un délai d’un mois à compter de la publication.")
    )
    assert offer.deadline is None
    assert offer.review is not None
    assert "date limite" in offer.review


def test_open_ended_notice_is_not_flagged() -> None:
    offer = parse_offer(NOTICE.format(closing="Candidatures étudiées au fil de l’eau."))
    assert (offer.deadline, offer.no_deadline, offer.review) == (None, True, None)


def test_labelled_deadline_keeps_its_hour_and_says_how_it_was_read() -> None:
    offer = parse_offer(
        NOTICE.format(closing="Date limite de dépôt des candidatures : 14/03/2025 à 16h00")
    )
    assert (offer.deadline, offer.deadline_time) == (date(2025, 3, 14), time(16, 0))
    assert offer.found["deadline"] == "label"


def test_deadline_before_publication_is_dropped_and_flagged() -> None:
    offer = parse_offer(
        NOTICE.format(
            closing="Date de publication : 10/03/2025\nDate limite de candidature : 01/03/2025"
        )
    )
    assert offer.deadline is None
    assert offer.review is not None
