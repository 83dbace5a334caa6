"""What each `postes` subcommand does, once settings are loaded. The CLI only dispatches."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import system_clock
from postes.config import Settings
from postes.french_cli import counted
from postes.offers.query import QueryError, parse_query
from postes.platforms.front_end import configured_platforms
from postes.storage.db import create_engine, create_sessions
from postes.storage.migrate import check_schema, head_revision, upgrade_database


class CommandError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits with 2."""


@asynccontextmanager
async def open_database(
    settings: Settings, *, migrate: bool = True
) -> AsyncIterator[async_sessionmaker]:
    """Connect, migrate to the latest schema (or, with `migrate=False`, check that it is
    current), and dispose of the engine afterwards."""
    try:
        engine = create_engine(settings.database_url)
    except ValueError as error:
        raise CommandError(f"adresse de base de données invalide : {error}") from None
    try:
        try:
            problem = await check_schema(engine) if not migrate else None
            if migrate:
                await upgrade_database(engine)
        except (SQLAlchemyError, OSError) as error:
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            raise CommandError(
                f"base de données inaccessible ({settings.database_url}) : {reason}"
            ) from None
        if problem:
            raise CommandError(problem)
        yield create_sessions(engine)
    finally:
        await engine.dispose()


def _today(settings: Settings) -> Any:
    return system_clock().astimezone(settings.timezone).date()


async def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    """Ingest files and folders; one line per document; exit 1 if any was rejected."""
    from postes.jobs.ingest import ingest_paths, ingest_samples

    if not args.paths and not args.sample:
        raise CommandError("indiquez des fichiers ou dossiers à importer, ou --sample")
    outcomes = []
    async with open_database(settings) as sessions:
        if args.sample:
            outcomes += await ingest_samples(
                sessions=sessions, clock=system_clock, zone=settings.timezone
            )
        if args.paths:
            outcomes += await ingest_paths(
                sessions=sessions, paths=args.paths, clock=system_clock, limits=settings.limits
            )
    # Each line names one document's fate; the summary counts offers, and refused documents.
    labels = {
        "stored": "ajoutée",
        "updated": "mise à jour",
        "unchanged": "inchangée",
        "rejected": "refusé",
    }
    for outcome in outcomes:
        detail = f" ({outcome.reason})" if outcome.reason else ""
        print(f"{labels.get(outcome.status, outcome.status):12} {outcome.uri}{detail}")
    counts = {s: sum(o.status == s for o in outcomes) for s in labels}
    print(ingest_summary(counts), file=sys.stderr)
    return 1 if counts["rejected"] else 0


def ingest_summary(counts: dict[str, int]) -> str:
    """`2 offres ajoutées, 1 mise à jour, 1 document refusé`: the counts that are not zero."""
    words = {
        "stored": "offre ajoutée",
        "updated": "mise à jour",
        "unchanged": "inchangée",
        "rejected": "document refusé",
    }
    parts = [counted(counts[status], word) for status, word in words.items() if counts[status]]
    return ", ".join(parts) or "aucun document"


def _offer_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "reference": row.reference,
        "title": row.title,
        "employer": row.employer,
        "corps": row.corps,
        "workplace": row.workplace,
        "published_on": row.published_on.isoformat() if row.published_on else None,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "source": row.source,
    }


async def cmd_offers(settings: Settings, args: argparse.Namespace) -> int:
    """Search offers like the bot's /offers."""
    from postes.storage.search import search_offers

    try:
        query = parse_query(" ".join(args.query))
    except QueryError as error:
        raise CommandError(str(error)) from None
    if args.limit < 1:
        raise CommandError("--limit doit être au moins 1")
    today = _today(settings)
    async with open_database(settings) as sessions, sessions() as session:
        page = await search_offers(
            session=session, query=query, today=today, include_closed=args.all, limit=args.limit
        )
    if args.json:
        print(
            json.dumps(
                {"total": page.total, "offers": [_offer_json(r) for r in page.rows]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not page.rows:
        print(f"Aucune offre {'' if args.all else 'ouverte '}pour : {query.describe()}")
        print("(Base vide ? Essayez `postes ingest --sample`, ou --all pour les offres closes.)")
        return 0
    for row in page.rows:
        deadline = row.deadline.strftime("%d/%m/%Y") if row.deadline else "date limite inconnue"
        days = (
            f" (J-{(row.deadline - today).days})" if row.deadline and row.deadline >= today else ""
        )
        corps = ", ".join(c["name"] for c in row.corps) or "corps non précisé"
        print(f"[{row.reference or row.id}] {row.title}")
        print(f"    {row.employer or 'employeur inconnu'} · {corps} · {deadline}{days}")
    print(f"{counted(len(page.rows), 'offre affichée')} sur {page.total}", file=sys.stderr)
    return 0


async def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """`postes db upgrade`: apply migrations (a release step); `postes db check`: exit 0
    only if the schema is current, without changing it."""
    async with open_database(settings, migrate=args.action == "upgrade"):
        print(f"Schéma à jour (révision {head_revision()}) : {settings.database_url}")
    return 0


async def cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    """Print sources, outbox counts and rejected documents."""
    from postes.jobs.status import collect_status, format_status

    async with open_database(settings) as sessions:
        status = await collect_status(sessions=sessions, today=_today(settings), now=system_clock())
        print(format_status(status, settings.timezone))
    return 0


async def cmd_console(settings: Settings, args: argparse.Namespace) -> int:
    """Chat with the real bot logic in the terminal."""
    from postes.platforms.console.chat import run_console

    # Samples are re-dated at each load: they belong in a demo database, never in the one
    # a real bot serves (`postes ingest --sample` loads them there, when asked).
    demo = not configured_platforms(settings)
    if not demo:
        print(
            "Plateforme configurée : la console travaille sur la base du bot, "
            "sans offres d'exemple.",
            file=sys.stderr,
        )
    async with open_database(settings) as sessions:
        await run_console(
            settings,
            input_stream=sys.stdin,
            output_stream=sys.stdout,
            sessions=sessions,
            clock=system_clock,
            load_samples=demo,
            jobs_each_line=getattr(args, "alertes", False),  # `run` without a token too
        )
    return 0


async def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Run the configured platforms (Telegram, Slack) and the scheduler together."""
    from postes.platforms.telegram.webhook_address import AddressError, parse_listen
    from postes.runtime import run_bot

    host, port = None, None
    if args.listen is not None:
        try:
            address = parse_listen(args.listen)
        except AddressError as error:
            raise CommandError(f"--listen : {error}") from None
        host, port = address.host, address.port
    async with open_database(settings, migrate=not args.no_migrate) as sessions:
        await run_bot(
            settings,
            sessions=sessions,
            webhook_url=args.webhook,
            listen=host,
            port=port,
            role=args.role,
        )
    return 0
