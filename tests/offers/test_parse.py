from datetime import date

import pytest

from postes.offers.model import Corps, NotAnOffer
from postes.offers.parse import parse_document, parse_offer
from tests.offers import notices
from tests.offers.pdf_fixture import make_pdf


def test_plain_notice_reads_every_header_field() -> None:
    offer = parse_offer(notices.PLAIN)
    assert offer.title == "Gestionnaire comptable"
    assert offer.reference == "3134-25-0701/SR"
    assert offer.reference_date == date(2025, 5, 2)
    assert offer.employer == "Province Nord"
    assert offer.direction == "Direction des Finances"
    assert offer.corps == [Corps("Rédacteur", category="B")]
    assert offer.workplace == "Koné"
    assert offer.residence == "au moins égale à 3 ans"
    assert offer.published_on == date(2025, 5, 2)
    assert offer.deadline == date(2025, 5, 23)
    assert offer.initial_deadline is None
    assert offer.start_text == "dès que possible"
    assert offer.start_date is None
    assert offer.posts == 1
    assert offer.missing == []


def test_body_is_the_description_without_header_fields() -> None:
    offer = parse_offer(notices.PLAIN)
    assert offer.body.startswith("La direction des finances prépare")
    assert "Missions :\n\n- Tenir la comptabilité" in offer.body
    assert "Date limite" not in offer.body
    assert "Renseignements" not in offer.body


def test_contact_line_is_read() -> None:
    assert parse_offer(notices.PLAIN).contact == "Mme Poigoune au 47 72 39"


def test_value_on_the_next_line_is_read() -> None:
    offer = parse_offer(notices.NEXT_LINE)
    assert offer.employer == "Mairie de Dumbéa"
    assert offer.corps == [Corps("Adjoint administratif", category="C")]
    assert offer.deadline == date(2025, 8, 22)


def test_markdown_heading_title_loses_its_marks() -> None:
    assert parse_offer(notices.NEXT_LINE).title == "Chargé(e) d’accueil"


def test_superscript_ordinal_in_reference_date_is_read() -> None:
    assert parse_offer(notices.NEXT_LINE).reference_date == date(2025, 8, 1)


def test_label_value_table_rows_are_read() -> None:
    offer = parse_offer(notices.TABLE)
    assert offer.title == "Agent d’entretien des bâtiments"
    assert offer.reference == "3134-25-0703/SR"
    assert offer.employer == "Gouvernement de la Nouvelle-Calédonie"
    assert offer.corps == [Corps("Agent de maîtrise")]
    assert offer.deadline == date(2025, 6, 30)
    assert offer.body == "Entretenir les locaux de la direction."


def test_count_in_front_of_the_title_gives_the_number_of_posts() -> None:
    offer = parse_offer(notices.MULTI)
    assert offer.title == "Renfort des services techniques"
    assert offer.posts == 2


def test_corps_are_collected_from_the_table_of_posts() -> None:
    assert parse_offer(notices.MULTI).corps == [
        Corps("Technicien", category="B"),
        Corps("Agent de maîtrise", category="C"),
    ]


def test_label_inside_an_empty_value_is_read_as_its_own_field() -> None:
    assert parse_offer(notices.MULTI).direction == "Services techniques"


def test_deadline_after_the_description_is_read() -> None:
    offer = parse_offer(notices.MULTI)
    assert offer.deadline == date(2025, 7, 4)
    assert "Date limite" not in offer.body


def test_postponed_deadline_keeps_the_initial_one() -> None:
    offer = parse_offer(notices.EXTENDED)
    assert offer.deadline == date(2025, 4, 4)
    assert offer.initial_deadline == date(2025, 3, 21)


def test_logo_line_gives_the_employer() -> None:
    offer = parse_offer(notices.EXTENDED)
    assert offer.employer == "Province des îles Loyauté"
    assert offer.title == "Professeur(e) de musique"


def test_employer_named_over_two_lines_is_combined() -> None:
    assert parse_offer(notices.TWO_LINE_EMPLOYER).employer == "CCAS de Nouméa"


def test_empty_label_followed_by_a_label_is_none() -> None:
    offer = parse_offer(notices.TWO_LINE_EMPLOYER)
    assert offer.direction is None
    assert offer.workplace == "Rivière-Salée"


def test_start_date_is_read_inside_a_phrase_and_the_phrase_kept() -> None:
    offer = parse_offer(notices.TWO_LINE_EMPLOYER)
    assert offer.start_date == date(2025, 5, 1)
    assert offer.start_text == "susceptible d’être vacant au 1er mai 2025"


def test_unreadable_dates_are_flagged_not_guessed() -> None:
    offer = parse_offer(notices.UNREADABLE)
    assert offer.deadline is None
    assert offer.published_on is None
    assert offer.reference_date is None
    assert offer.unreadable == {
        "reference_date": "courant mai",
        "published_on": "début mai",
        "deadline": "fin mai",
    }


def test_notice_without_labels_is_read_from_its_layout() -> None:
    offer = parse_offer(notices.MINIMAL)
    assert offer.title == "Secrétaire de mairie"
    assert offer.employer == "Mairie de Bourail"
    assert offer.reference == "3134-25-0708/SR"


def test_results_list_is_rejected() -> None:
    with pytest.raises(NotAnOffer, match="résultats"):
        parse_offer(notices.RESULTS)


def test_text_without_vacancy_markers_is_rejected() -> None:
    with pytest.raises(NotAnOffer, match="Aucun élément"):
        parse_offer(notices.NOT_A_NOTICE)


@pytest.mark.parametrize("text", ["", "   \n\n\u00a0\n"])
def test_empty_text_is_rejected(text: str) -> None:
    with pytest.raises(NotAnOffer, match="vide"):
        parse_offer(text)


def test_source_is_kept() -> None:
    assert parse_offer(notices.PLAIN, source="https://example.nc/avis").source == (
        "https://example.nc/avis"
    )


def test_pdf_document_is_parsed() -> None:
    data = make_pdf(
        [
            ["Technicien(ne) informatique", "Référence : 3134-25-0710/SR du 02/06/2025"],
            ["Employeur : Province Sud", "Corps : Technicien", "Date limite : 20/06/2025"],
        ]
    )
    offer = parse_document(data, "avis.pdf")
    assert (offer.title, offer.employer, offer.deadline) == (
        "Technicien(ne) informatique",
        "Province Sud",
        date(2025, 6, 20),
    )
    assert offer.source == "avis.pdf"


def test_html_document_is_parsed() -> None:
    html = (
        "<h1>Chef de projet &amp; SIG &lt;cartographie&gt;</h1>"
        "<p>Employeur : Province Sud</p><p>Corps : Ingénieur</p>"
        "<p>Date limite de candidature : 12/09/2025</p>"
    ).encode()
    offer = parse_document(html, "avis.html")
    assert offer.title == "Chef de projet & SIG <cartographie>"
    assert offer.corps == [Corps("Ingénieur")]


def test_same_text_has_the_same_content_hash() -> None:
    assert parse_offer(notices.PLAIN).content_hash == parse_offer(notices.PLAIN).content_hash


def test_other_wording_of_labels_is_understood() -> None:
    offer = parse_offer(notices.OTHER_WORDING)
    assert offer.title == "Chef de service état civil"
    assert offer.employer == "Mairie du Mont-Dore"
    assert offer.corps == [Corps("Rédacteur", "principal")]
    assert offer.deadline == date(2025, 9, 15)
    assert offer.published_on == date(2025, 9, 1)
    assert offer.start_date == date(2025, 10, 1)
    assert offer.contact == "drh@mont-dore.nc"


def test_number_of_posts_label_is_read() -> None:
    assert parse_offer(notices.OTHER_WORDING).posts == 2


def test_description_on_the_marker_line_starts_the_body() -> None:
    assert parse_offer(notices.OTHER_WORDING).body == (
        "Le chef de service encadre 5 agents.\nIl tient les registres."
    )


def test_results_word_inside_a_title_does_not_reject_the_offer() -> None:
    text = notices.PLAIN.replace("Gestionnaire comptable", "Chargé du suivi des résultats du plan")
    assert parse_offer(text).title == "Chargé du suivi des résultats du plan"


def test_post_label_inside_the_description_is_not_the_title() -> None:
    text = notices.PLAIN + "\nPoste : basé à Koné, déplacements fréquents.\n"
    assert parse_offer(text).title == "Gestionnaire comptable"


POSTS_TABLE = """RÉPUBLIQUE FRANÇAISE
NOUVELLE-CALÉDONIE
PROVINCE SUD
Direction de l'enseignement

Agents de service des collèges – 3 postes

| Poste | Lieu d’affectation | Corps |
| --- | --- | --- |
| Agent d’entretien | Collège de Koutio, Dumbéa | Agent technique |
| Agent de restauration | Collège de Boulari, Mont-Dore | Agent technique |
| Agent d’accueil | Collège de Normandie, Nouméa | Adjoint administratif |

Date limite de candidature : 12/09/2025
"""


def test_a_table_of_posts_never_leaks_into_the_notice_s_fields() -> None:
    offer = parse_offer(POSTS_TABLE)
    assert offer.title == "Agents de service des collèges"
    assert offer.posts == 3
    assert offer.employer == "Province Sud"
    assert offer.workplace == "Dumbéa, Le Mont-Dore, Nouméa"  # the communes, not a cell
    assert offer.found["workplace"] == "table"
    assert {c.name for c in offer.corps} == {"Agent technique", "Adjoint administratif"}
    assert offer.direction == "Direction de l'enseignement"
    assert "RÉPUBLIQUE" not in offer.title


def test_every_field_says_how_it_was_read() -> None:
    offer = parse_offer(notices.PLAIN)
    assert offer.found == {
        "title": "inferred",
        "reference": "label",
        "employer": "label",
        "corps": "label",
        "workplace": "label",
        "residence": "label",
        "published_on": "label",
        "deadline": "label",
        "start": "label",
    }
    assert offer.review is None
