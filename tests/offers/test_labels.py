import pytest

from postes.offers.labels import field_of, is_empty_value


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Corps", "corps"),
        ("Corps ou cadre d’emploi /Domaine", "corps"),
        ("Corps ou grade d'emploi / Domaine", "corps"),
        ("Cadre d'emplois", "corps"),
        ("Grade", "corps"),
        ("Référence", "reference"),
        ("Réf.", "reference"),
        ("Employeur", "employer"),
        ("Direction", "direction"),
        ("Service d’affectation", "direction"),
        ("Lieu de travail", "workplace"),
        ("Durée de résidence exigée pour le recrutement sur titre (1)", "residence"),
        ("Date de dépôt de l’offre", "published_on"),
        ("Date de publication de l'offre", "published_on"),
        ("Date de dépôt des candidatures", "deadline"),
        ("Date limite de candidature", "deadline"),
        ("Date de clôture", "deadline"),
        ("Poste à pourvoir", "start"),
        ("Nombre de postes", "posts"),
        ("Renseignements", "contact"),
        ("Détails de l’offre", "body"),
        ("Intitulé du poste", "title"),
    ],
)
def test_label_wording_names_its_field(label: str, field: str) -> None:
    assert field_of(label) == field


@pytest.mark.parametrize("label", ["Missions", "Profil du candidat", "Emploi RESPNC", ""])
def test_section_heading_is_not_a_label(label: str) -> None:
    assert field_of(label) is None


@pytest.mark.parametrize("value", ["", "/", " - ", "Néant", "sans objet"])
def test_value_saying_none_is_empty(value: str) -> None:
    assert is_empty_value(value)


def test_real_value_is_not_empty() -> None:
    assert not is_empty_value("au moins égale à 5 ans")
