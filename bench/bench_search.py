"""Search latency at 20 000 offers: full-text index vs a LIKE scan, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_search.py [--offers 20000] [--repeat 15]

Prints p50/p95 per query kind; the LIKE baseline answers the same word queries by scanning
`search_text`, so the ratio shows what the index buys.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script from anywhere

from generate import fake_offers

from postes.offers.query import parse_query
from postes.offers.text import terms
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import upgrade_database
from postes.storage.models import OfferRow
from postes.storage.offers import offer_columns
from postes.storage.search import search_offers

TODAY = date(2025, 7, 14)
NOW = datetime(2025, 7, 13, 22, 0, tzinfo=UTC)
POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
QUERIES = {
    "1 word": ["informatique", "juriste", "noumea", "direct", "budget", "eau", "attache", "koumac"],
    "3 words": [
        "charge etudes informatique",
        "marches publics travaux",
        "directrice adjointe finances",
        "agent accueil public",
        "infirmier soins dossiers",
        "gestion paie formation",
    ],
    "filters": [
        'corps:attache employeur:"province sud"',
        "corps:ingenieur informatique",
        'employeur:"mairie de noumea" corps:"adjoint administratif"',
        "emp:nord,iles corps:technicien reseaux",
    ],
    "places, any word": [
        "lieu:koumac",
        "lieu:noumea informatique",
        "lieu:kone,pouembout corps:technicien",
        "informatique OU reseaux OU juriste",
    ],
    "1 word, closed too": [
        "informatique +closed",
        "noumea +closed",
        "direct +closed",
        "budget +closed",
    ],
}


async def load(sessions: async_sessionmaker, count: int) -> tuple[float, int]:
    """Bulk-insert `count` generated offers; return the seconds it took and how many are open."""
    # Stored in publication order, as the scheduler ingests notices when they appear.
    offers = sorted(fake_offers(count, today=TODAY, seed=1), key=lambda o: o.published_on or TODAY)
    started = time.perf_counter()
    rows = [
        {
            **offer_columns(o),
            "open_until": o.open_until(TODAY),
            "created_at": NOW,
            "updated_at": NOW,
        }
        for o in offers
    ]
    async with sessions() as session, session.begin():
        for start in range(0, count, 2000):
            await session.execute(insert(OfferRow), rows[start : start + 2000])
    is_open = [row["open_until"] >= TODAY for row in rows]
    return time.perf_counter() - started, sum(is_open)


async def fts(sessions: async_sessionmaker, query_text: str) -> int:
    # `+closed` (not a search word: parse_query drops the `+`) asks for closed offers too.
    include_closed = query_text.endswith(" +closed")
    query = parse_query(query_text.removesuffix(" +closed"))
    async with sessions() as session:
        page = await search_offers(
            session=session, query=query, today=TODAY, include_closed=include_closed
        )
    return page.total


async def like_scan(sessions: async_sessionmaker, query_text: str) -> int:
    """The same question answered without the index: LIKE over the stems of every offer."""
    include_closed = query_text.endswith(" +closed")
    query = parse_query(query_text.removesuffix(" +closed"))
    conditions = [] if include_closed else ["open_until >= :today"]
    params: dict[str, object] = {"today": TODAY}
    stems = [("search_text", w) for w in query.words]
    stems += [("employer_terms", t) for e in query.employers[:1] for t in terms(e)]
    stems += [("corps_terms", t) for c in query.corps[:1] for t in terms(c)]
    for number, (column, stem) in enumerate(stems):
        conditions.append(f"(' ' || {column}) LIKE :w{number}")
        params[f"w{number}"] = f"% {stem}%"
    where = " AND ".join(conditions) or "1 = 1"
    async with sessions() as session:
        ids = await session.execute(
            text(f"SELECT id FROM offers WHERE {where} ORDER BY deadline, id LIMIT 10"), params
        )
        ids.all()
        total = await session.scalar(text(f"SELECT count(*) FROM offers WHERE {where}"), params)
    return int(total or 0)


async def latencies(
    run: Callable[[async_sessionmaker, str], Awaitable[int]],
    sessions: async_sessionmaker,
    queries: list[str],
    repeat: int,
) -> tuple[list[float], list[int]]:
    samples, totals = [], []
    for query in queries:
        totals.append(await run(sessions, query))  # warm-up, and the hit count
        for _ in range(repeat):
            started = time.perf_counter()
            await run(sessions, query)
            samples.append((time.perf_counter() - started) * 1000)
    return samples, totals


def percentile(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100)[int(share * 100) - 1]


async def bench(name: str, engine: AsyncEngine, count: int, repeat: int) -> None:
    await upgrade_database(engine)
    sessions = create_sessions(engine)
    seconds, still_open = await load(sessions, count)
    print(
        f"\n{name}: {count} offers ({still_open} open) bulk-loaded in {seconds:.1f} s "
        f"({count / seconds:.0f} offers/s)"
    )
    print(
        f"{'query':<18} {'hits (avg)':>10} {'FTS p50':>9} {'FTS p95':>9} {'LIKE p50':>9} "
        f"{'LIKE p95':>9} {'LIKE/FTS p50':>13}"
    )
    for kind, queries in QUERIES.items():
        index, totals = await latencies(fts, sessions, queries, repeat)
        scan, _ = await latencies(like_scan, sessions, queries, max(3, repeat // 3))
        figures = [percentile(samples, share) for samples in (index, scan) for share in (0.5, 0.95)]
        print(
            f"{kind:<18} {statistics.mean(totals):>10.0f} "
            + " ".join(f"{ms:>7.2f}ms" for ms in figures)
            + f" {figures[2] / figures[0]:>12.1f}x"
        )


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[AsyncEngine | None]:
    """A throw-away schema on the local server, or None when it is not reachable."""
    admin = create_engine(POSTGRES_URL)
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except Exception as error:  # no server: the SQLite figures still stand
        print(f"\nPostgreSQL skipped ({error.__class__.__name__})")
        await admin.dispose()
        yield None
        return
    engine = create_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        yield engine
    finally:
        await engine.dispose()
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await bench("SQLite", engine, args.offers, args.repeat)
        await engine.dispose()
    if not args.no_postgres:
        async with postgres_schema() as engine:
            if engine is not None:
                await bench("PostgreSQL", engine, args.offers, args.repeat)


if __name__ == "__main__":
    asyncio.run(main())
