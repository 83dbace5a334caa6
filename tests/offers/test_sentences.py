"""Facts written in sentences: the place of work, the number of posts."""

import pytest

from postes.offers.labels import split_lines
from postes.offers.sentences import count_in, passages, place_in


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Poste basé à Tadine (Maré).", "Tadine (Maré)"),
        ("Le poste est situé à Koné, au siège de la province.", "Koné"),
        ("L’agent sera basé au dispensaire de Fayaoué pour deux ans.", "Dispensaire de Fayaoué"),
    ],
)
def test_place_in_a_sentence(sentence: str, place: str) -> None:
    assert place_in(sentence) == place


def test_a_time_is_no_place() -> None:
    assert place_in("Poste basé à temps plein.") is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Techniciens – 2 postes", 2),
        ("La ville recrute quatre animateurs périscolaires.", 4),
        ("Le CHT recrute 3 infirmiers", 3),
        ("Postes de travail informatiques fournis.", None),
    ],
)
def test_count_of_posts(text: str, count: int | None) -> None:
    assert count_in(text) == count


def test_wrapped_lines_are_read_as_one_passage() -> None:
    lines = split_lines("Les candidatures doivent parvenir au\nplus tard le 3 mars 2025.\n# Profil")
    assert [p.text for p in passages(lines)] == [
        "Les candidatures doivent parvenir au plus tard le 3 mars 2025.",
        "Profil",
    ]
