"""Forgiving queries: unclosed quotes, unknown filters explained, `lieu:`, `OU`."""

import pytest

from postes.offers.matching import matches, offer_terms
from postes.offers.query import UnknownFilterError, parse_query, parse_text

PAITA = offer_terms(
    title="Agent d'accueil",
    body="Accueil du public.",
    employer="Mairie de Païta",
    direction=None,
    corps=["Adjoint administratif"],
    workplace="Païta - Mairie annexe de Tontouta",
)
BODY_ONLY = offer_terms(
    title="Chargé de mission",
    body="Déplacements fréquents à Païta.",
    employer="Province Sud",
    direction=None,
    corps=["Attaché"],
    workplace="Nouméa",
)


def test_an_unclosed_quote_is_closed_at_the_end() -> None:
    query = parse_query('informatique employeur:"province sud')
    assert query.employers == ("province sud",)
    assert query.words == ("informatique",)


@pytest.mark.parametrize("text", ["ville:Nouméa", "salaire:3000 informatique", "lieux:Koné"])
def test_an_unknown_filter_is_explained_with_the_filters_that_exist(text: str) -> None:
    with pytest.raises(UnknownFilterError) as raised:
        parse_query(text)
    message = str(raised.value)
    assert f"« {text.split()[0]} »" in message
    for name in ("employeur:", "corps:", "lieu:"):
        assert name in message


def test_a_place_word_suggests_the_place_filter() -> None:
    with pytest.raises(UnknownFilterError, match="Vouliez-vous dire lieu:Nouméa"):
        parse_query("ville:Nouméa")


def test_a_misspelt_filter_suggests_the_right_one() -> None:
    with pytest.raises(UnknownFilterError, match="Vouliez-vous dire employeur:mairie"):
        parse_query("employeru:mairie")


@pytest.mark.parametrize("text", ["16:00", "https://exemple.nc/avis", "agent:*", "a:b"])
def test_colons_that_are_no_filter_stay_words(text: str) -> None:
    parse_query(text)  # no error


def test_place_filter_matches_the_workplace_ignoring_accents_and_case() -> None:
    for text in ("lieu:Païta", "lieu:PAITA", "lieu:paita", "lieu:tontouta", "Lieu : paï"):
        assert matches(parse_query(text), PAITA), text
    assert parse_query("lieu:Païta").places == ("Païta",)
    # A town named in the text only is not where the post is.
    assert not matches(parse_query("lieu:paita"), BODY_ONLY)
    assert matches(parse_query("lieu:paita,noumea"), BODY_ONLY)


def test_ou_makes_the_words_alternatives() -> None:
    parsed = parse_text("informatique OU accueil")
    assert parsed.query.any_words
    assert parsed.typed_words == ("informatique", "accueil")
    assert matches(parsed.query, PAITA)
    assert not matches(parse_query("informatique accueil"), PAITA)
    assert parsed.query.describe() == "mots : informatique ou accueil"


def test_a_lone_ou_changes_nothing() -> None:
    assert not parse_query("informatique ou").any_words
