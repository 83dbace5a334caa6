"""The post's name, however a notice gives it."""

import pytest

from postes.offers.capitals import restore_case
from postes.offers.labels import split_lines
from postes.offers.titles import read_title, tidy_title


def _title(text: str) -> tuple[str, str] | None:
    found = read_title(split_lines(text), None, None, None)
    return (found.text, found.how) if found else None


@pytest.mark.parametrize(
    ("raw", "title", "posts"),
    [
        ("UN(E) CONTRÔLEUR(EUSE) DES TRAVAUX", "Contrôleur(euse) des travaux", None),
        ("Technicien·ne réseaux (H/F)", "Technicien·ne réseaux", None),
        ("3 agents de restauration scolaire", "Agents de restauration scolaire", 3),
        ("DEUX AGENTS D’ENTRETIEN", "Agents d’entretien", 2),
        ("Infirmiers – 4 postes", "Infirmiers", 4),
        ("AVIS DE VACANCE DE POSTE : CHARGÉ DE MISSION RH", "Chargé de mission RH", None),
        ("Recrutement d’un(e) maître de conférences", "Maître de conférences", None),
        ("Le·La responsable de la collection", "Responsable de la collection", None),
    ],
)
def test_titles_are_tidied(raw: str, title: str, posts: int | None) -> None:
    assert tidy_title(raw) == (title, posts)


def test_capitals_keep_place_names_and_acronyms() -> None:
    assert restore_case("CHARGÉ DE MISSION RH À LA PROVINCE NORD, KONÉ") == (
        "Chargé de mission RH à la Province Nord, Koné"
    )


def test_mixed_case_title_is_left_as_written() -> None:
    assert restore_case("Chargé de projets SI") == "Chargé de projets SI"


def test_letterhead_banner_reference_and_dateline_are_never_the_title() -> None:
    text = (
        "RÉPUBLIQUE FRANÇAISE\nNOUVELLE-CALÉDONIE\nPROVINCE NORD\nDirection des affaires sociales\n"
        "AVIS DE VACANCE DE POSTE\nN° 2025-044/DRH\nKoné, le 12 mai 2025\n"
        "ASSISTANT(E) SOCIAL(E) DE SECTEUR\nCadre d’emplois : Assistant socio-éducatif\n"
    )
    assert _title(text) == ("Assistant(e) social(e) de secteur", "inferred")


def test_institution_and_its_communes_are_never_the_title() -> None:
    text = (
        "AGENCE DE L’EAU DU NORD\nKoné – Pouembout – Voh\n\nHydrogéologue confirmé(e)\n"
        "Date limite de candidature : 3 mars 2025\n"
    )
    assert _title(text) == ("Hydrogéologue confirmé(e)", "inferred")


def test_recruits_colon_takes_the_next_line() -> None:
    text = "PROVINCE SUD\nLa province Sud recrute :\nUN(E) PHARMACIEN(NE) INSPECTEUR(TRICE)\n"
    assert _title(text) == ("Pharmacien(ne) inspecteur(trice)", "sentence")


def test_recruits_sentence_gives_the_post_without_its_purpose() -> None:
    text = "La commune de Voh recrute un(e) agent(e) d’accueil pour sa mairie annexe.\n"
    assert _title(text) == ("Agent(e) d’accueil", "sentence")


def test_title_wrapped_over_two_lines_is_joined() -> None:
    text = (
        "AVIS DE RECRUTEMENT\nCHEF DU SERVICE DES SPORTS, DE LA JEUNESSE ET\n"
        "DE LA VIE ASSOCIATIVE\n"
    )
    assert _title(text) == (
        "Chef du service des sports, de la jeunesse et de la vie associative",
        "inferred",
    )


def test_section_headings_are_not_titles() -> None:
    text = (
        "MAIRIE DE THIO\n# Présentation de la collectivité\nLa commune recrute un(e) secrétaire.\n"
    )
    assert _title(text) == ("Secrétaire", "sentence")
