"""Match one new offer against 10 000 and 100 000 subscriptions: indexed vs naive.

    .venv/bin/python bench/bench_matching.py [--sizes 10000 100000] [--db-dir /tmp]

Indexed: `jobs.alerts.matching_chats`, the production path (anchor-term index, then
`matches()` on the candidates, then the matching chats' rows). Naive: read the same columns
of every active subscription and call `matches()` on each.
Both read from the same SQLite file; times are per offer.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from postes.jobs.alerts import matching_chats, terms_of_row
from postes.offers.matching import matches
from postes.offers.model import Corps, Offer
from postes.offers.query import SearchQuery
from postes.offers.text import terms
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from postes.storage.models import ChatRow, OfferRow, SubscriptionRow, SubscriptionTermRow
from postes.storage.offers import save_offer
from postes.storage.subscriptions import (
    CANDIDATE_COLUMNS,
    Candidate,
    anchor_terms,
    subscription_query,
)

EMPLOYERS = [
    "Province Sud",
    "Province Nord",
    "Province des Îles Loyauté",
    "Gouvernement de la Nouvelle-Calédonie",
    "Ville de Nouméa",
    "Ville de Dumbéa",
    "Ville du Mont-Dore",
    "Ville de Païta",
    "Commune de Koné",
    "Commune de Bourail",
    "CCAS de Nouméa",
    "Congrès de la Nouvelle-Calédonie",
    "CAFAT",
    "OPT",
    "Caisse des écoles de Nouméa",
    "Centre hospitalier territorial",
]
CORPS = [
    "Attaché",
    "Rédacteur",
    "Adjoint administratif",
    "Ingénieur",
    "Technicien",
    "Agent de maîtrise",
    "Cadre socio-éducatif",
    "Assistant socio-éducatif",
    "Infirmier",
    "Administrateur",
    "Adjoint technique",
    "Bibliothécaire",
    "Éducateur",
    "Cadre de santé",
]
KEYWORDS = [
    "informatique",
    "comptable",
    "finances",
    "juriste",
    "marchés publics",
    "ressources humaines",
    "social",
    "environnement",
    "urbanisme",
    "bâtiment",
    "routes",
    "eau",
    "communication",
    "archives",
    "bibliothèque",
    "sport",
    "jeunesse",
    "santé",
    "éducation",
    "développeur",
    "réseau",
    "géomatique",
    "paie",
    "budget",
    "secrétariat",
    "accueil",
    "chauffeur",
    "mécanicien",
    "électricien",
    "agriculture",
    "pêche",
    "tourisme",
    "culture",
    "aménagement",
    "foncier",
    "fiscalité",
    "contrôle de gestion",
    "audit",
    "données",
    "cybersécurité",
    "logistique",
    "assainissement",
    "déchets",
    "biodiversité",
    "petite enfance",
    "restauration scolaire",
    "police municipale",
    "état civil",
]
OFFERS = [
    (
        "Attaché",
        "Province Sud",
        "Chef de projet informatique",
        "Pilotage des projets informatiques, réseau et cybersécurité de la direction du numérique.",
    ),
    (
        "Rédacteur",
        "Ville de Nouméa",
        "Gestionnaire comptable",
        "Exécution du budget, mandatement, suivi des marchés publics et de la paie.",
    ),
    (
        "Ingénieur",
        "Gouvernement de la Nouvelle-Calédonie",
        "Ingénieur assainissement",
        "Conduite des études d'assainissement et de gestion de l'eau, suivi des travaux.",
    ),
    (
        "Cadre socio-éducatif",
        "Province Nord",
        "Responsable du service jeunesse",
        "Encadrement des éducateurs, actions de prévention, petite enfance et sport.",
    ),
    (
        "Technicien",
        "Ville de Dumbéa",
        "Technicien urbanisme et foncier",
        "Instruction des permis, aménagement, géomatique et données cadastrales.",
    ),
]


def random_query(rng: random.Random) -> tuple[SearchQuery, list[str]]:
    """A subscription as users make them: mostly keywords or a corps, some combinations."""
    roll = rng.random()
    words: list[str] = []
    employers: list[str] = []
    corps: list[str] = []
    if roll < 0.40:
        words = [rng.choice(KEYWORDS) for _ in range(rng.choice((1, 1, 2)))]
    elif roll < 0.65:
        corps = rng.sample(CORPS, rng.choice((1, 1, 2)))
    elif roll < 0.80:
        employers = [rng.choice(EMPLOYERS)]
    elif roll < 0.95:
        corps, employers = [rng.choice(CORPS)], [rng.choice(EMPLOYERS)]
    elif roll < 0.995:
        employers, words = [rng.choice(EMPLOYERS)], [rng.choice(KEYWORDS)]
    stems = terms(" ".join(words))
    return SearchQuery(tuple(stems), tuple(employers), tuple(corps)), words


async def build(path: Path, size: int) -> tuple:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await upgrade_database(engine)
    sessions = create_sessions(engine)
    rng = random.Random(size)
    now = datetime(2025, 7, 1, tzinfo=UTC)
    chats = max(1, size // 2)
    async with sessions() as session, session.begin():
        await session.execute(
            insert(ChatRow),
            [
                {
                    "id": i,
                    "platform": "telegram",
                    "external_id": str(i),
                    "kind": "private",
                    "active": True,
                    "paused": False,
                    "reminder_days": [7, 1],
                    "created_at": now,
                }
                for i in range(1, chats + 1)
            ],
        )
        subscriptions, anchors = [], []
        for sid in range(1, size + 1):
            query, words = random_query(rng)
            subscriptions.append(
                {
                    "id": sid,
                    "chat_id": rng.randint(1, chats),
                    "employers": list(query.employers),
                    "corps": list(query.corps),
                    "keywords": words,
                    "paused": False,
                    "created_at": now,
                }
            )
            anchors += [
                {"subscription_id": sid, "kind": k, "term": t} for k, t in anchor_terms(query)
            ]
        for start in range(0, size, 5000):
            await session.execute(insert(SubscriptionRow), subscriptions[start : start + 5000])
        for start in range(0, len(anchors), 5000):
            await session.execute(insert(SubscriptionTermRow), anchors[start : start + 5000])
        offer_ids = []
        for number, (corps, employer, title, body) in enumerate(OFFERS):
            offer = Offer(
                title=title,
                body=body,
                employer=employer,
                corps=[Corps(corps)],
                reference=f"BENCH-{number}",
            )
            offer_ids.append((await save_offer(session=session, offer=offer, now=now)).offer_id)
    return engine, sessions, offer_ids


async def indexed(sessions, offer_id: int) -> int:
    """The production path: `jobs.alerts.matching_chats` (index, full check, chat rows)."""
    async with sessions() as session:
        offer = await session.get(OfferRow, offer_id)
        return len(await matching_chats(session=session, offer=offer))


async def naive(sessions, offer_id: int) -> int:
    """Baseline: the same columns of every active subscription, each checked in Python."""
    async with sessions() as session:
        offer = await session.get(OfferRow, offer_id)
        offer_terms = terms_of_row(offer)
        rows = await session.execute(
            select(*CANDIDATE_COLUMNS)
            .join(ChatRow, ChatRow.id == SubscriptionRow.chat_id)
            .where(SubscriptionRow.paused.is_(False), ChatRow.active.is_(True))
        )
        candidates = [Candidate(*row) for row in rows]
        return len({c.chat_id for c in candidates if matches(subscription_query(c), offer_terms)})


async def timed(function, sessions, offer_ids: list[int], rounds: int) -> tuple[float, int]:
    times, chats = [], 0
    for _ in range(rounds):
        for offer_id in offer_ids:
            start = time.perf_counter()
            chats = await function(sessions, offer_id)
            times.append(time.perf_counter() - start)
    return statistics.median(times), chats


async def main(sizes: list[int], db_dir: str | None) -> None:
    results = {}
    with tempfile.TemporaryDirectory(dir=db_dir) as tmp:
        for size in sizes:
            started = time.perf_counter()
            engine, sessions, offer_ids = await build(Path(tmp) / f"bench-{size}.db", size)
            print(f"{size:>7} subscriptions built in {time.perf_counter() - started:.1f} s")
            for name, function, rounds in (("indexed", indexed, 3), ("naive", naive, 1)):
                await function(sessions, offer_ids[0])  # warm the caches
                median, _ = await timed(function, sessions, offer_ids, rounds)
                results[(name, size)] = median
            matched = [await indexed(sessions, i) for i in offer_ids]
            assert matched == [await naive(sessions, i) for i in offer_ids], "results differ"
            print(f"        chats alerted per offer: {matched} (indexed == naive)")
            await engine.dispose()
    print()
    print(f"{'method':<8} " + " ".join(f"{s:>12,}" for s in sizes) + "   growth")
    for name in ("indexed", "naive"):
        cells = " ".join(f"{results[(name, s)] * 1000:>9.1f} ms" for s in sizes)
        growth = results[(name, sizes[-1])] / results[(name, sizes[0])]
        print(f"{name:<8} {cells}   x{growth:.1f}")
    print("(median time to match one new offer; growth = largest / smallest size)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--db-dir", default=None)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sizes, arguments.db_dir))
