from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.offers.model import Corps, Offer
from postes.offers.query import QueryError, SearchQuery, parse_query
from postes.storage.offers import save_offer
from postes.storage.search import SearchPage, search_offers

NOW = datetime(2025, 7, 13, 22, 0, tzinfo=UTC)
TODAY = date(2025, 7, 14)


def make_offer(number: int, **fields: object) -> Offer:
    values: dict[str, object] = {
        "title": "Agent d'accueil",
        "body": "Accueil du public.",
        "reference": f"1000-25-{number:04d}/SR",
        "deadline": TODAY + timedelta(days=10),
    }
    values.update(fields)
    return Offer(**values)  # type: ignore[arg-type]


async def store(sessions: async_sessionmaker, *offers: Offer) -> list[int]:
    async with sessions() as session, session.begin():
        return [(await save_offer(session=session, offer=o, now=NOW)).offer_id for o in offers]


async def search(sessions: async_sessionmaker, text: str, **options: object) -> SearchPage:
    async with sessions() as session:
        return await search_offers(session=session, query=parse_query(text), today=TODAY, **options)


async def titles(sessions: async_sessionmaker, text: str, **options: object) -> list[str]:
    return [row.title for row in (await search(sessions, text, **options)).rows]


async def test_word_finds_offers_containing_it(sessions: async_sessionmaker) -> None:
    await store(sessions, make_offer(1, title="Juriste"), make_offer(2, title="Comptable"))

    assert await titles(sessions, "juriste") == ["Juriste"]


async def test_word_prefix_finds_longer_words(sessions: async_sessionmaker) -> None:
    await store(sessions, make_offer(1, body="Projets informatiques"))

    assert len((await search(sessions, "informat")).rows) == 1


async def test_query_without_accents_finds_accented_words(sessions: async_sessionmaker) -> None:
    await store(sessions, make_offer(1, title="Chargé d'études à Nouméa"))

    assert await titles(sessions, "etudes noumea") == ["Chargé d'études à Nouméa"]


@pytest.mark.parametrize(("query", "title"), [("attache", "Attachée"), ("directeur", "Directrice")])
async def test_masculine_query_finds_feminine_forms(
    sessions: async_sessionmaker, query: str, title: str
) -> None:
    await store(sessions, make_offer(1, title=title))

    assert await titles(sessions, query) == [title]


async def test_every_query_word_must_match(sessions: async_sessionmaker) -> None:
    await store(sessions, make_offer(1, title="Juriste"), make_offer(2, title="Juriste fiscaliste"))

    assert await titles(sessions, "juriste fiscal") == ["Juriste fiscaliste"]


async def test_employer_filters_are_alternatives(sessions: async_sessionmaker) -> None:
    await store(
        sessions,
        make_offer(1, title="Un", employer="Province Sud"),
        make_offer(2, title="Deux", employer="Mairie de Nouméa"),
        make_offer(3, title="Trois", employer="Province Nord"),
    )

    found = await titles(sessions, 'employeur:"province sud",noumea')
    assert sorted(found) == ["Deux", "Un"]


async def test_corps_filter_words_must_fit_one_corps(sessions: async_sessionmaker) -> None:
    await store(
        sessions,
        make_offer(1, title="Un", corps=[Corps("Ingénieur principal")]),
        make_offer(2, title="Deux", corps=[Corps("Ingénieur"), Corps("Attaché principal")]),
    )

    assert await titles(sessions, 'corps:"ingenieur principal"') == ["Un"]


async def test_closed_offers_are_left_out_unless_asked(sessions: async_sessionmaker) -> None:
    await store(
        sessions,
        make_offer(1, title="Ouverte", deadline=TODAY),
        make_offer(2, title="Close", deadline=TODAY - timedelta(days=1)),
    )

    assert await titles(sessions, "accueil") == ["Ouverte"]
    assert await titles(sessions, "accueil", include_closed=True) == ["Ouverte", "Close"]


async def test_title_hit_ranks_before_body_hit(sessions: async_sessionmaker) -> None:
    await store(
        sessions,
        make_offer(1, title="Agent comptable", body="Tenue des comptes de la régie."),
        make_offer(2, title="Juriste", body="Veille juridique, conseil au service comptable."),
        make_offer(3, title="Comptable", body="Tenue des comptes de la régie."),
    )

    assert (await titles(sessions, "comptable"))[-1] == "Juriste"


async def test_equally_relevant_offers_rank_by_nearest_deadline(
    sessions: async_sessionmaker,
) -> None:
    deadlines = [TODAY + timedelta(days=d) for d in (20, 3, 9)]
    await store(sessions, *(make_offer(d.day, title=str(d), deadline=d) for d in deadlines))

    assert await titles(sessions, "public") == [str(d) for d in sorted(deadlines)]


async def test_total_counts_every_match_beyond_the_page(sessions: async_sessionmaker) -> None:
    await store(sessions, *(make_offer(n) for n in range(7)))

    page = await search(sessions, "agent", limit=3, offset=3)
    assert (len(page.rows), page.total, page.has_more) == (3, 7, True)


async def test_page_past_the_end_is_empty_but_still_counts(sessions: async_sessionmaker) -> None:
    await store(sessions, *(make_offer(n) for n in range(3)))

    page = await search(sessions, "agent", limit=10, offset=10)
    assert (page.rows, page.total) == ([], 3)


async def test_query_of_stop_words_lists_every_open_offer(sessions: async_sessionmaker) -> None:
    await store(sessions, *(make_offer(n) for n in range(3)))

    assert (await search(sessions, "de la et")).total == 3


HOSTILE = [
    '"',
    "*",
    ")",
    "(",
    "NEAR(agent accueil)",
    "agent AND accueil",
    "agent OR NOT juriste",
    "title_terms:agent",
    "{search_text}: agent",
    "'agent':* | !x",
    "agent^ -accueil +x",
    "🙂 agent 👩‍💼",
    "corps:\" employeur:'",
    "employeur:NEAR(a b) corps:*",
    "a" * 300,
    "agent " * 50,
    "%_\\",
    "\x00",
]


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_query_gives_results_not_errors(
    sessions: async_sessionmaker, text: str
) -> None:
    await store(sessions, make_offer(1))

    async with sessions() as session:
        page = await search_offers(session=session, query=parse_query(text), today=TODAY)
    assert page.total == len(page.rows) <= 1


def test_very_long_query_is_refused_with_a_message() -> None:
    with pytest.raises(QueryError, match="trop longue"):
        parse_query("agent " * 1000)


async def test_hand_built_query_with_fts_syntax_matches_nothing(
    sessions: async_sessionmaker,
) -> None:
    await store(sessions, make_offer(1))
    query = SearchQuery(words=('agent" OR "x', "*"), employers=('"',), corps=("NEAR(",))

    async with sessions() as session:
        page = await search_offers(session=session, query=query, today=TODAY)
    assert page.total == 0


async def test_undated_offer_stays_open_sixty_days_after_publication(
    sessions: async_sessionmaker,
) -> None:
    await store(
        sessions,
        make_offer(
            1, title="Juriste récent", deadline=None, published_on=TODAY - timedelta(days=60)
        ),
        make_offer(
            2, title="Juriste ancien", deadline=None, published_on=TODAY - timedelta(days=61)
        ),
    )

    assert await titles(sessions, "juriste") == ["Juriste récent"]
    assert sorted(await titles(sessions, "juriste", include_closed=True)) == [
        "Juriste ancien",
        "Juriste récent",
    ]


async def test_old_closed_offers_before_the_open_ones_are_skipped_correctly(
    sessions: async_sessionmaker,
) -> None:
    # Ids out of publication order: an open offer stored before closed ones must still be found.
    await store(
        sessions,
        make_offer(1, title="Archiviste ouvert", deadline=TODAY),
        *(
            make_offer(n, title=f"Archiviste clos {n}", deadline=TODAY - timedelta(days=n))
            for n in range(2, 6)
        ),
        make_offer(9, title="Archiviste récent", deadline=TODAY + timedelta(days=3)),
    )

    assert await titles(sessions, "archiviste") == ["Archiviste ouvert", "Archiviste récent"]
