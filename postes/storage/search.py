"""Full-text search over offers: SQLite FTS5 or PostgreSQL tsvector, same results.

The set of offers returned is exactly the set `offers.matching.matches` accepts (the tests
check it over a generated corpus): every query stem prefixes an indexed word; employer
filters must each fit the employer terms; corps filters must fit the terms of one corps.
The index only ever sees stems (`index_columns`), and the query only ever sends stems made
of [a-z0-9], each one quoted, so no user text can reach the FTS syntax.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, bindparam, column, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from postes.offers.matching import offer_index_text, place_terms
from postes.offers.model import Offer
from postes.offers.query import SearchQuery
from postes.offers.text import index_text, terms
from postes.storage.models import OfferRow

_STEM = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of results, best first, and how many offers match in all."""

    rows: list[OfferRow]
    total: int
    offset: int
    limit: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.rows) < self.total


def index_columns(offer: Offer) -> dict[str, str]:
    """The offers columns the full-text index reads; words as `matching` defines them."""
    names = [corps.name for corps in offer.corps]
    return {
        "search_text": offer_index_text(offer),
        "title_terms": index_text(offer.title),
        "employer_terms": " ".join(terms(offer.employer or "")),
        "corps_terms": json.dumps([" ".join(terms(name)) for name in names]),
        "workplace_terms": " ".join(place_terms(offer.workplace)),
    }


@dataclass(frozen=True, slots=True)
class _Criteria:
    words: tuple[str, ...]
    employers: tuple[tuple[str, ...], ...]  # alternatives; all stems of one must match
    corps: tuple[tuple[str, ...], ...]
    places: tuple[tuple[str, ...], ...] = ()
    any_words: bool = False
    impossible: bool = False  # nothing can match, e.g. every employer filter was empty

    @property
    def needs_index(self) -> bool:
        return bool(self.words or self.employers or self.corps or self.places)


def _criteria(query: SearchQuery) -> _Criteria:
    # parse_query already yields clean stems; a hand-built query with other characters
    # cannot prefix any indexed word, which is what matches() concludes too.
    words = tuple(w for w in query.words if w)
    employers = tuple(tuple(terms(e)) for e in query.employers if terms(e))
    corps = tuple(tuple(terms(c)) for c in query.corps if terms(c))
    places = tuple(tuple(terms(p)) for p in query.places if terms(p))
    if query.any_words:  # a hand-built alternative that cannot match just drops out
        words = tuple(w for w in words if _STEM.fullmatch(w))
    impossible = (
        any(not _STEM.fullmatch(w) for w in words)
        or (bool(query.words) and not words)
        or (bool(query.employers) and not employers)
        or (bool(query.corps) and not corps)
        or (bool(query.places) and not places)
    )
    return _Criteria(words, employers, corps, places, query.any_words, impossible)


def _words(criteria: _Criteria, any_of: str, all_of: Callable[[tuple[str, ...]], str]) -> str:
    if not criteria.any_words:
        return all_of(criteria.words)
    return f" {any_of} ".join(f"({all_of((word,))})" for word in criteria.words)


def _fts5_match(criteria: _Criteria) -> str:
    def all_of(stems: tuple[str, ...]) -> str:
        return " AND ".join(f'"{stem}"*' for stem in stems)

    # Words need no column filter: search_text holds every indexed word (a bit faster).
    # Places neither: search_text holds the workplace too, `_place_condition` checks where.
    parts = [_words(criteria, "OR", all_of)] if criteria.words else []
    if criteria.places:
        parts.append(" OR ".join(f"({all_of(p)})" for p in criteria.places))
    for name, alternatives in (
        ("employer_terms", criteria.employers),
        ("corps_terms", criteria.corps),
    ):
        if alternatives:
            parts.append(" OR ".join(f"({name} : ({all_of(a)}))" for a in alternatives))
    return " AND ".join(f"({part})" for part in parts)


def _tsquery(criteria: _Criteria) -> str:
    def all_of(stems: tuple[str, ...], weight: str = "") -> str:
        return " & ".join(f"'{stem}':*{weight}" for stem in stems)

    parts = [_words(criteria, "|", all_of)] if criteria.words else []
    if criteria.places:
        parts.append(" | ".join(f"({all_of(p)})" for p in criteria.places))
    # Weights set in migration 0002: B holds the employer terms, C the corps terms.
    for weight, alternatives in (("B", criteria.employers), ("C", criteria.corps)):
        if alternatives:
            parts.append(" | ".join(f"({all_of(a, weight)})" for a in alternatives))
    return " & ".join(f"({part})" for part in parts)


def _corps_condition(criteria: _Criteria, dialect: str, params: dict[str, Any]) -> str:
    # The index only says each stem is in *some* corps; this checks they share one.
    elements = (
        "json_each(o.corps_terms) AS c"
        if dialect == "sqlite"
        else "json_array_elements_text(CAST(o.corps_terms AS json)) AS c(value)"
    )
    alternatives = []
    for i, stems in enumerate(criteria.corps):
        likes = []
        for j, stem in enumerate(stems):
            params[f"corps_{i}_{j}"] = f"% {stem}%"  # stems are [a-z0-9]: no LIKE escapes
            likes.append(f"' ' || c.value LIKE :corps_{i}_{j}")
        alternatives.append(f"EXISTS (SELECT 1 FROM {elements} WHERE {' AND '.join(likes)})")
    return "(" + " OR ".join(alternatives) + ")"


def _place_condition(criteria: _Criteria, params: dict[str, Any]) -> str:
    # The index only says each stem is somewhere in the offer; this checks the workplace.
    alternatives = []
    for i, stems in enumerate(criteria.places):
        likes = []
        for j, stem in enumerate(stems):
            params[f"place_{i}_{j}"] = f"% {stem}%"  # stems are [a-z0-9]: no LIKE escapes
            likes.append(f"' ' || o.workplace_terms LIKE :place_{i}_{j}")
        alternatives.append("(" + " AND ".join(likes) + ")")
    return "(" + " OR ".join(alternatives) + ")"


# Sort keys after relevance: open offers first, then the nearest deadline (soonest for open
# offers, latest for closed ones), then id so that pages never overlap.
_SORT_KEYS = """
    CASE WHEN o.open_until < :today THEN 1 ELSE 0 END AS closed,
    CASE WHEN o.deadline IS NULL THEN 1 ELSE 0 END AS undated,
    CASE WHEN o.deadline >= :today THEN o.deadline END AS soonest,
    o.deadline AS deadline
"""
_ORDER = "score, closed, undated, soonest, deadline DESC, id"
_ROW_COLUMNS = ", ".join(f"offers.{c.name}" for c in OfferRow.__table__.columns)


def _statements(
    criteria: _Criteria, dialect: str, include_closed: bool
) -> tuple[str, str, dict[str, Any]]:
    """SQL for a page of rows (with the total), SQL counting matches alone, and parameters."""
    params: dict[str, Any] = {}
    conditions = [] if include_closed else ["o.open_until >= :today"]
    score = "0"
    if not criteria.needs_index:
        source = "offers AS o"
    elif dialect == "sqlite":
        # CROSS JOIN keeps SQLite driving from the FTS index, never scanning offers; the
        # narrow (id, deadline) index of migration 0002 spares reading whole rows (3x
        # faster on common words), unless the corps check needs them anyway.
        narrow = "" if criteria.corps or criteria.places else "INDEXED BY ix_offers_id_open_until "
        source = f"offers_fts CROSS JOIN offers AS o {narrow}ON o.id = offers_fts.rowid"
        conditions.append("offers_fts MATCH :match")
        if not include_closed:
            # Notices arrive roughly in publication order, so open offers have recent ids:
            # a rowid floor lets FTS5 skip the doclists of years of closed offers.
            conditions.append(
                "offers_fts.rowid >= (SELECT coalesce(min(id), 0) FROM offers"
                " WHERE open_until >= :today)"
            )
        params["match"] = _fts5_match(criteria)
        # Column weights: title 10, employer and corps 0 (filters, not relevance), text 1.
        score = "bm25(offers_fts, 10.0, 0.0, 0.0, 1.0)"
    else:
        source = "offers AS o"
        conditions.append("o.search_vector @@ CAST(:tsquery AS tsquery)")
        params["tsquery"] = _tsquery(criteria)
        # Weights {D, C, B, A}: title words count ten times body words; filters nothing.
        score = "-ts_rank('{0.1, 0, 0, 1}', o.search_vector, CAST(:tsquery AS tsquery))"
    if criteria.corps:
        conditions.append(_corps_condition(criteria, dialect, params))
    if criteria.places:
        conditions.append(_place_condition(criteria, params))
    where = " AND ".join(conditions) or "1 = 1"
    count = f"SELECT count(*) FROM {source} WHERE {where}"
    # One pass over the matches yields both the page and the total: the CTE keeps only ids
    # and sort keys, and whole rows are read for the page alone.
    page = f"""
        WITH matches AS MATERIALIZED (
            SELECT o.id AS id, {score} AS score, {_SORT_KEYS} FROM {source} WHERE {where}
        )
        SELECT {_ROW_COLUMNS}, (SELECT count(*) FROM matches) AS total
        FROM (SELECT * FROM matches ORDER BY {_ORDER} LIMIT :limit OFFSET :offset) AS page
        JOIN offers ON offers.id = page.id
        ORDER BY {", ".join(f"page.{key}" for key in _ORDER.split(", "))}
    """
    return page, count, params


async def search_offers(
    *,
    session: AsyncSession,
    query: SearchQuery,
    today: date,
    include_closed: bool = False,
    limit: int = 10,
    offset: int = 0,
) -> SearchPage:
    """Find the offers matching `query`, most relevant first, then nearest deadline."""
    limit, offset = max(0, limit), max(0, offset)
    criteria = _criteria(query)
    if criteria.impossible:
        return SearchPage(rows=[], total=0, offset=offset, limit=limit)
    page_sql, count_sql, params = _statements(
        criteria, session.get_bind().dialect.name, include_closed
    )
    today_param = bindparam("today", today, type_=Date)
    total_column = column("total", Integer)
    page_stmt = (
        text(page_sql).bindparams(today_param).columns(*OfferRow.__table__.columns, total_column)
    )
    result = await session.execute(
        select(OfferRow, total_column).from_statement(page_stmt),
        {**params, "limit": limit, "offset": offset},
    )
    found = result.all()
    if found:
        rows: list[OfferRow] = [row[0] for row in found]
        return SearchPage(rows=rows, total=int(found[0][1]), offset=offset, limit=limit)
    if offset == 0:
        return SearchPage(rows=[], total=0, offset=offset, limit=limit)
    # Paged past the end: the total still tells the caller where the last page is.
    count_stmt = text(count_sql)
    if ":today" in count_sql:  # absent when closed offers count too
        count_stmt = count_stmt.bindparams(today_param)
    total = int((await session.execute(count_stmt, params)).scalar_one())
    return SearchPage(rows=[], total=total, offset=offset, limit=limit)
