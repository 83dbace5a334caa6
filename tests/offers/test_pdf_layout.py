"""PDF notices read as a person reads them: tables paired, boxes apart, furniture gone."""

from datetime import date, time

import pytest

pytest.importorskip("reportlab")

from postes.offers.matching import offer_index_text
from postes.offers.parse import parse_document
from postes.offers.pdf_layout import pdf_to_text
from tests.offers import pdf_builders as pdf

LONG_LABEL = "Date limite de dépôt des candidatures"
FIELDS = [
    (
        "Intitulé du poste",
        "Chargé(e) de la gestion des marchés publics et des contrats de concession",
    ),
    (
        "Cadre d’emplois",
        "Attaché, attaché principal ou rédacteur principal de la filière administrative",
    ),
    ("Lieu d’affectation", "Koné"),
    (LONG_LABEL, "vendredi 14 mars 2025 à 16h00"),
]


def _notice(table_is_ruled: bool) -> bytes:
    return pdf.build(
        [
            pdf.paragraph("PROVINCE NORD", "title"),
            pdf.paragraph("Référence : 3134-25-0999/SR du 20/02/2025"),
            pdf.spacer(),
            pdf.label_table(FIELDS, ruled=table_is_ruled),
            pdf.spacer(),
            pdf.paragraph("Les candidatures sont à adresser à la DRH de la province Nord."),
        ]
    )


@pytest.mark.parametrize("ruled", [True, False])
def test_label_cells_pair_with_their_value_cells_however_they_wrap(ruled: bool) -> None:
    text = pdf_to_text(_notice(ruled))
    assert f"| {LONG_LABEL} | vendredi 14 mars 2025 à 16h00 |" in text
    assert (
        "| Cadre d’emplois | Attaché, attaché principal ou rédacteur principal de la filière "
        "administrative |" in text
    )


@pytest.mark.parametrize("ruled", [True, False])
def test_table_notice_parses_into_every_field(ruled: bool) -> None:
    offer = parse_document(_notice(ruled), "avis.pdf")
    assert (
        offer.title == "Chargé(e) de la gestion des marchés publics et des contrats de concession"
    )
    assert (offer.deadline, offer.deadline_time) == (date(2025, 3, 14), time(16, 0))
    assert offer.workplace == "Koné"
    assert {c.name for c in offer.corps} == {"Attaché", "Rédacteur"}
    assert offer.employer == "Province Nord"


def test_side_by_side_boxes_are_read_one_after_the_other() -> None:
    data = pdf.build(
        [
            pdf.side_boxes(
                [
                    "Pièces à fournir",
                    "Lettre de motivation manuscrite",
                    "Curriculum vitae détaillé",
                ],
                ["Contact", "Mme Wenisso, cheffe du service", "Téléphone 47 72 39"],
            )
        ]
    )
    lines = pdf_to_text(data).splitlines()
    left = [i for i, line in enumerate(lines) if "motivation" in line or "Curriculum" in line]
    right = [i for i, line in enumerate(lines) if "Wenisso" in line or "47 72 39" in line]
    assert left
    assert right
    assert max(left) < min(right)


def test_running_header_footer_and_page_numbers_are_dropped() -> None:
    body = [
        pdf.paragraph(f"Paragraphe {n} de la description des missions du poste.") for n in range(90)
    ]
    data = pdf.build(
        body, header="Province Sud — Avis n° 2025-311", footer="DRH – BP L1 – 98849 Nouméa"
    )
    text = pdf_to_text(data)
    assert "Avis n° 2025-311" not in text
    assert "BP L1" not in text
    assert "Page 2" not in text
    assert "Paragraphe 89 de la description" in text


def test_hyphenated_words_are_rejoined_without_marks() -> None:
    data = pdf.hyphenated_lines(
        [
            "La direction des ressources humaines et de l’adminis-",
            "tration générale recrute un agent socio-",
            "éducatif pour son antenne de Mont-",
            "Dore ; le poste est à pourvoir rapi\u00ad",
            "dement.",
        ]
    )
    text = pdf_to_text(data)
    assert "\ufffe" not in text
    assert "\u00ad" not in text
    assert "\x02" not in text
    assert "administration générale" in text
    assert "socio-éducatif" in text
    assert "Mont-Dore" in text
    assert "rapidement" in text


def test_raised_ordinal_stays_with_its_number() -> None:
    data = pdf.build(
        [
            pdf.paragraph("Professeur(e) de musique", "title"),
            pdf.paragraph("Employeur : Province des îles Loyauté"),
            pdf.paragraph("Date limite de candidature : mardi 1<super>er</super> juillet 2025"),
        ]
    )
    offer = parse_document(data, "avis.pdf")
    assert offer.deadline == date(2025, 7, 1)


def test_letterhead_beside_a_logo_is_not_the_title() -> None:
    data = pdf.build(
        [
            pdf.side_boxes(
                ["RÉPUBLIQUE FRANÇAISE", "NOUVELLE-CALÉDONIE", "Direction de l’équipement"],
                ["PROVINCE SUD"],
            ),
            pdf.spacer(20),
            pdf.paragraph("INGÉNIEUR(E) ROUTES ET OUVRAGES D’ART", "title"),
            pdf.paragraph("Corps : Ingénieur"),
            pdf.paragraph("Date limite de candidature : 20/06/2025"),
        ]
    )
    offer = parse_document(data, "avis.pdf")
    assert offer.title == "Ingénieur(e) routes et ouvrages d’art"
    assert offer.employer == "Province Sud"


def test_words_of_a_hyphenated_body_are_found_by_search() -> None:
    data = pdf.hyphenated_lines(
        [
            "INFIRMIER(ÈRE) DE DISPENSAIRE",
            "Employeur : Province Nord",
            "Date limite de candidature : 20/06/2025",
            "Missions : assurer la surveillance épidémiolo-",
            "gique des tribus.",
        ]
    )
    assert "epidemiolog" in offer_index_text(parse_document(data, "avis.pdf"))
