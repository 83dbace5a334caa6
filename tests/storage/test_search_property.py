"""The database search returns exactly the offers `offers.matching.matches` accepts.

A seeded corpus mixes accents, feminine and plural forms, shared prefixes, stop words and
corps spread over several entries; random queries are checked on both backends.
"""

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.offers.matching import matches, terms_of_offer
from postes.offers.model import Corps, Offer
from postes.offers.query import parse_query
from postes.storage.offers import save_offer
from postes.storage.search import search_offers

NOW = datetime(2025, 7, 13, 22, 0, tzinfo=UTC)
TODAY = date(2025, 7, 14)
TITLE_WORDS = [
    "Attachée",
    "Attaché",
    "Directrice",
    "Directeur",
    "adjointe",
    "adjoint",
    "Rédactrice",
    "rédacteurs",
    "Ingénieure",
    "informatique",
    "informaticien",
    "chargée",
    "d'études",
    "économie",
    "éducative",
    "éducatifs",
    "principale",
    "territoriaux",
    "agents",
    "agent",
    "comptable",
    "comptabilité",
    "juriste",
    "de",
    "la",
    "des",
    "2ème",
    "A",
]
BODY_WORDS = [
    "service",
    "public",
    "accueil",
    "projets",
    "réseaux",
    "santé",
    "eau",
    "Nouméa",
    "Lifou",
    "Koné",
    "Poum",
]
EMPLOYERS = (
    "Province Sud",
    "Province Nord",
    "Province des îles Loyauté",
    "Mairie de Nouméa",
    "Mairie du Mont-Dore",
    "Gouvernement de la Nouvelle-Calédonie",
    None,
)
CORPS = (
    "Attaché",
    "Attaché principal",
    "Rédacteur",
    "Ingénieur",
    "Ingénieur principal",
    "Cadre socio-éducatif",
    "Adjoint administratif",
)
GRADES = (None, "principal", "2ème grade")
SPECIALITIES = (None, "Informatique", "économie rurale")
TOWNS = (None, "Koné", "Bourail", "Nouméa")
QUERY_WORDS = [
    "attache",
    "attachee",
    "directeur",
    "directrice",
    "adjoint",
    "redact",
    "redactrice",
    "ingenieur",
    "info",
    "informatique",
    "etude",
    "economie",
    "educatif",
    "principal",
    "territorial",
    "agent",
    "compta",
    "de",
    "la",
    "2eme",
    "a",
    "kone",
    "noumea",
    "poum",
    "sud",
    "nord",
    "service",
    "eau",
    "xyz",
    "mont",
]
EMPLOYER_FILTERS = ("province sud", "noumea", "province", "mont-dore", "iles", "nord", "gouv")
CORPS_FILTERS = ("attache", "ingenieur principal", "socio educatif", "adjoint", "redacteur 2eme")
PLACE_FILTERS = ("koné", "noum", "BOURAIL", "sud", "xyz", "la")


def random_offer(rng: random.Random, number: int) -> Offer:
    corps = [
        Corps(rng.choice(CORPS), rng.choice(GRADES), rng.choice(SPECIALITIES))
        for _ in range(rng.randint(0, 3))
    ]
    return Offer(
        title=" ".join(rng.sample(TITLE_WORDS, rng.randint(1, 4))),
        body=" ".join(rng.choices(BODY_WORDS + TITLE_WORDS, k=rng.randint(0, 12))),
        reference=f"{number:04d}-25-0001/SR",
        employer=rng.choice(EMPLOYERS),
        corps=corps,
        workplace=rng.choice(TOWNS),
        deadline=rng.choice([None, TODAY, TODAY - timedelta(days=3), TODAY + timedelta(days=30)]),
    )


def random_query(rng: random.Random) -> str:
    parts = rng.sample(QUERY_WORDS, rng.choice([0, 1, 1, 2, 3]))
    if rng.random() < 0.3:
        parts.append('employeur:"' + ",".join(rng.sample(EMPLOYER_FILTERS, rng.randint(1, 2))))
        parts[-1] += '"'
    if rng.random() < 0.3:
        parts.append('corps:"' + ",".join(rng.sample(CORPS_FILTERS, rng.randint(1, 2))) + '"')
    if rng.random() < 0.3:
        parts.append("lieu:" + ",".join(rng.sample(PLACE_FILTERS, rng.randint(1, 2))))
    if rng.random() < 0.3:  # alternatives: one of the words is enough
        parts.insert(0, "OU")
    return " ".join(parts)


async def test_search_returns_exactly_what_matches_accepts(sessions: async_sessionmaker) -> None:
    rng = random.Random(20250714)
    offers = [random_offer(rng, n) for n in range(400)]
    async with sessions() as session, session.begin():
        ids = [(await save_offer(session=session, offer=o, now=NOW)).offer_id for o in offers]
    corpus = list(zip(ids, offers, map(terms_of_offer, offers), strict=True))

    for _ in range(250):
        text = random_query(rng)
        query = parse_query(text)
        include_closed = rng.random() < 0.5
        expected = {
            offer_id
            for offer_id, offer, terms in corpus
            if matches(query, terms)
            and (include_closed or offer.deadline is None or offer.deadline >= TODAY)
        }
        async with sessions() as session:
            page = await search_offers(
                session=session, query=query, today=TODAY, include_closed=include_closed, limit=500
            )
        assert {row.id for row in page.rows} == expected, text
        assert page.total == len(expected), text
