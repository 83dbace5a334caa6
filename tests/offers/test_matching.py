import pytest

from postes.offers.matching import matches, offer_terms, terms_of_offer
from postes.offers.model import Corps, Offer
from postes.offers.query import MAX_QUERY_LENGTH, QueryError, SearchQuery, parse_query
from postes.offers.text import fold, stem, terms

OFFER = offer_terms(
    title="Directrice(teur) du Centre Communal d'Action Sociale",
    body="Chargée de projets informatiques, gestion des œuvres sociales.",
    employer="CCAS du Mont-Dore",
    direction="Direction de l'Éducation",
    corps=["Attaché", "Cadre socio-éducatif"],
)


def test_fold_removes_accents_case_and_ligatures() -> None:
    assert fold("Attachée ŒUVRES Nouméa") == "attachee oeuvres noumea"


@pytest.mark.parametrize(
    ("feminine", "masculine"),
    [
        ("attachée", "attaché"),
        ("directrice", "directeur"),
        ("sociales", "social"),
        ("éducatives", "éducatif"),
    ],
)
def test_feminine_and_plural_forms_share_a_stem(feminine: str, masculine: str) -> None:
    assert stem(fold(feminine)) == stem(fold(masculine))


def test_stop_words_are_not_terms() -> None:
    assert terms("chargé de la gestion des écoles") == ["charge", "gestion", "ecole"]


@pytest.mark.parametrize(
    "text", ["attache", "ATTACHÉE", "directeur", "inform", "oeuvre", "education"]
)
def test_query_words_match_accent_case_and_gender_insensitively(text: str) -> None:
    assert matches(parse_query(text), OFFER)


def test_every_query_word_must_match() -> None:
    assert not matches(parse_query("informatique jardinier"), OFFER)


def test_corps_filter_matches_one_of_the_offer_corps() -> None:
    assert matches(parse_query("corps:attache"), OFFER)
    assert matches(parse_query('corps:"cadre socio"'), OFFER)
    assert not matches(parse_query("corps:redacteur"), OFFER)


def test_corps_filter_words_must_fit_within_one_corps() -> None:
    assert not matches(parse_query('corps:"attache socio"'), OFFER)


def test_employer_filters_are_alternatives() -> None:
    assert matches(parse_query('employeur:"province sud",ccas'), OFFER)
    assert matches(parse_query('employeur:"mont dore"'), OFFER)
    assert not matches(parse_query('employeur:"province sud"'), OFFER)


def test_empty_query_matches_everything() -> None:
    query = parse_query("   ")
    assert query.is_empty
    assert matches(query, OFFER)


@pytest.mark.parametrize("hostile", ['"', "*", ")", "NEAR(a b)", 'corps:"', "'", "💼 <b>&amp;"])
def test_hostile_queries_parse_without_error(hostile: str) -> None:
    assert isinstance(parse_query(hostile), SearchQuery)


def test_over_long_query_is_refused_with_a_message() -> None:
    with pytest.raises(QueryError, match="trop longue"):
        parse_query("a" * (MAX_QUERY_LENGTH + 1))


def test_describe_summarises_filters_in_french() -> None:
    assert parse_query('corps:attaché employeur:"province sud" info').describe() == (
        "employeur : province sud · corps : attaché · mots : info"
    )


def test_workplace_grade_and_speciality_are_matched_like_search_finds_them() -> None:
    offer = terms_of_offer(
        Offer(
            title="Chargé d'études",
            body="",
            workplace="Koné",
            corps=[Corps("Ingénieur", grade="2ème grade", speciality="Génie civil")],
        )
    )

    assert matches(parse_query("kone"), offer)
    assert matches(parse_query("genie civil"), offer)
