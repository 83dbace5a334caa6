import pytest

from postes.offers.corps import KNOWN_CORPS, canonical_corps, parse_corps
from postes.offers.model import Corps


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attaché", [Corps("Attaché")]),
        ("Rédacteur (B)", [Corps("Rédacteur", category="B")]),
        ("Rédactrice catégorie B", [Corps("Rédacteur", category="B")]),
        (
            "Ingénieur 2ème grade / Informatique",
            [Corps("Ingénieur", "2ème grade", "Informatique")],
        ),
        ("Attaché ou cadre socio-éducatif", [Corps("Attaché"), Corps("Cadre socio-éducatif")]),
        (
            "Ingénieur 2ème grade / économie rurale ou équipement ou Attaché",
            [Corps("Ingénieur", "2ème grade", "économie rurale ou équipement"), Corps("Attaché")],
        ),
        ("Adjoint administratif", [Corps("Adjoint administratif")]),
        ("Technicien", [Corps("Technicien")]),
        ("Technicien supérieur", [Corps("Technicien supérieur")]),
        ("Agent de maîtrise", [Corps("Agent de maîtrise")]),
        ("Infirmière", [Corps("Infirmier")]),
        ("Professeur", [Corps("Professeur")]),
        ("Administrateur", [Corps("Administrateur")]),
        ("Conseiller socio-éducatif", [Corps("Conseiller socio-éducatif")]),
        ("Éducatrice", [Corps("Éducateur")]),
        ("Assistant socio-éducatif", [Corps("Assistant socio-éducatif")]),
        ("Contractuel", []),
        (
            "Animateur (B) ou agent contractuel titulaire du BAFA",
            [Corps("Animateur", category="B")],
        ),
    ],
)
def test_corps_text_is_read(text: str, expected: list[Corps]) -> None:
    assert parse_corps(text) == expected


def test_feminine_plural_and_case_read_as_canonical() -> None:
    assert parse_corps("ATTACHÉES, RÉDACTRICES") == [Corps("Attaché"), Corps("Rédacteur")]


def test_first_grade_is_written_1er() -> None:
    assert parse_corps("Ingénieur 1ère grade") == [Corps("Ingénieur", "1er grade")]


def test_principal_grade_is_read() -> None:
    assert parse_corps("Attachée principale (A)") == [Corps("Attaché", "principal", category="A")]


def test_option_introduces_a_speciality() -> None:
    assert parse_corps("Technicien supérieur option génie civil") == [
        Corps("Technicien supérieur", speciality="génie civil")
    ]


def test_unknown_corps_is_kept_as_written() -> None:
    assert parse_corps("puéricultrice") == [Corps("Puéricultrice")]


def test_empty_text_has_no_corps() -> None:
    assert parse_corps("") == []


def test_repeated_corps_is_listed_once() -> None:
    assert parse_corps("Attaché ou attachée") == [Corps("Attaché")]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("attache", "Attaché"),
        ("Attachée", "Attaché"),
        ("redacteur", "Rédacteur"),
        ("cadre socio educatif", "Cadre socio-éducatif"),
        ("technicien superieur", "Technicien supérieur"),
        ("inconnu", None),
    ],
)
def test_user_text_reads_as_canonical_corps(typed: str, expected: str | None) -> None:
    assert canonical_corps(typed) == expected


def test_known_corps_are_canonical_names() -> None:
    assert {"Attaché", "Rédacteur", "Ingénieur", "Cadre socio-éducatif"} <= set(KNOWN_CORPS)
    assert all(canonical_corps(name) == name for name in KNOWN_CORPS)
