import pytest

from postes.offers.employers import (
    COMMUNES,
    canonical_employer,
    clean_employer,
    is_employer_line,
    match_employer,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Province Sud", "Province Sud"),
        ("PROVINCE SUD", "Province Sud"),
        ("Province du Nord", "Province Nord"),
        ("Province des Iles Loyauté", "Province des îles Loyauté"),
        ("Gouvernement de la Nouvelle-Calédonie", "Gouvernement de la Nouvelle-Calédonie"),
        ("Congrès de la Nouvelle-Calédonie", "Congrès de la Nouvelle-Calédonie"),
        ("Mairie de Nouméa", "Mairie de Nouméa"),
        ("Ville de Nouméa", "Mairie de Nouméa"),
        ("VILLE DE NOUMEA", "Mairie de Nouméa"),
        ("Mairie du Mont-Dore", "Mairie du Mont-Dore"),
        ("Commune de Dumbéa", "Mairie de Dumbéa"),
        ("Mairie de Paita", "Mairie de Païta"),
        ("Caisse des écoles de la Ville de Nouméa", "Caisse des écoles de la Ville de Nouméa"),
        ("Caisse des écoles", "Caisse des écoles de la Ville de Nouméa"),
        ("CCAS de Nouméa", "CCAS de Nouméa"),
        ("Centre Communal d’Action Sociale Ville du Mont-Dore", "CCAS du Mont-Dore"),
        ("CHT Gaston-Bourret", "Centre hospitalier territorial Gaston-Bourret"),
        ("Centre hospitalier du Nord", "Centre hospitalier du Nord"),
    ],
)
def test_employer_is_named_canonically(text: str, expected: str) -> None:
    assert match_employer(text) == expected


def test_there_are_33_communes() -> None:
    assert len(COMMUNES) == 33


@pytest.mark.parametrize(("commune", "prep"), COMMUNES)
def test_every_commune_has_a_mairie(commune: str, prep: str) -> None:
    assert match_employer(f"Mairie {prep}") == f"Mairie {prep}"


def test_ccas_without_commune_is_not_identified() -> None:
    assert match_employer("Centre Communal d’Action Sociale") is None


def test_unknown_employer_is_kept_tidied() -> None:
    assert clean_employer("  Société   des eaux  . ") == "Société des eaux"


def test_logo_line_names_only_an_employer() -> None:
    assert is_employer_line("PROVINCE SUD")


def test_sentence_mentioning_an_employer_is_not_a_logo() -> None:
    assert not is_employer_line("Directeur du CCAS de Païta")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("province sud", "Province Sud"),
        ("Province Sud", "Province Sud"),
        ("noumea", "Mairie de Nouméa"),
        ("mairie de nouméa", "Mairie de Nouméa"),
        ("ccas mont dore", "CCAS du Mont-Dore"),
        ("ccas noumea", "CCAS de Nouméa"),
        ("mont-dore", "Mairie du Mont-Dore"),
        ("dumbea", "Mairie de Dumbéa"),
        ("gouvernement", "Gouvernement de la Nouvelle-Calédonie"),
        ("caisse des ecoles", "Caisse des écoles de la Ville de Nouméa"),
        ("iles loyaute", "Province des îles Loyauté"),
    ],
)
def test_user_text_reads_as_canonical_employer(typed: str, expected: str) -> None:
    assert canonical_employer(typed) == expected


@pytest.mark.parametrize("typed", ["province", "ccas", "", "entreprise privée"])
def test_ambiguous_or_unknown_user_text_reads_as_none(typed: str) -> None:
    assert canonical_employer(typed) is None
