"""References in the forms employers write them."""

from datetime import date

import pytest

from postes.offers.references import read_reference


@pytest.mark.parametrize(
    ("header", "reference"),
    [
        (["AVP n° 2025-117/DRH"], "2025-117/DRH"),
        (["AVIS DE VACANCE DE POSTE N° 2025/OPT/DRH/112"], "2025/OPT/DRH/112"),
        (["N° 0178/2024/PIL/DRH"], "0178/2024/PIL/DRH"),
        (["Réf. CHT/DRH/2025-0456"], "CHT/DRH/2025-0456"),
        (["Référence de l’offre : DITTT-2025-031"], "DITTT-2025-031"),
        (["Numéro 2025-77 – modificatif"], "2025-77"),
    ],
)
def test_marked_reference_loses_its_marker(header: list[str], reference: str) -> None:
    found = read_reference(None, header)
    assert found is not None
    assert found.reference == reference


def test_sr_reference_keeps_its_date() -> None:
    found = read_reference("3134 - 25-0834/sr du 06 juin 2025", [])
    assert found is not None
    assert (found.reference, found.day, found.how) == (
        "3134-25-0834/SR",
        date(2025, 6, 6),
        "label",
    )


@pytest.mark.parametrize(
    "header", [["Tél. : 47 72 39"], ["BP 41 – 98860 Koné"], ["Direction des routes"], []]
)
def test_phone_numbers_postcodes_and_plain_lines_are_no_reference(header: list[str]) -> None:
    assert read_reference(None, header) is None
