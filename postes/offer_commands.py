"""`postes parse` and `postes correct`: what the parser reads, and an operator's corrections."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from postes.clock import system_clock
from postes.commands import CommandError, open_database
from postes.config import Settings
from postes.offers.corrections import CorrectionError, apply_corrections, check_correction
from postes.offers.model import Offer
from postes.storage.corrections import list_corrections, remove_correction, set_correction
from postes.storage.db import is_sqlite
from postes.storage.models import OfferRow
from postes.storage.offers import get_offer_by_reference
from postes.storage.review import apply_stored_corrections, find_offer

# `postes correct` options -> corrected field.
CORRECT_OPTIONS = {
    "deadline": "deadline",
    "time": "deadline_time",
    "title": "title",
    "employer": "employer",
    "workplace": "workplace",
}


def _database_exists(settings: Settings) -> bool:
    if not is_sqlite(settings.database_url):
        return True
    database = make_url(settings.database_url).database
    return database == ":memory:" or (database is not None and Path(database).exists())


async def _stored_corrections(settings: Settings, offer: Offer) -> dict[str, str]:
    """Corrections an operator made to this notice, if the database holds it."""
    if not offer.reference or not _database_exists(settings):
        return {}
    async with open_database(settings) as sessions, sessions() as session:
        row = await get_offer_by_reference(session=session, reference=offer.reference)
        return await list_corrections(session=session, offer_id=row.id) if row else {}


async def cmd_parse(settings: Settings, args: argparse.Namespace) -> int:
    """Parse one document and print the offer read from it, with any stored corrections."""
    from postes.jobs.parse_worker import ParseWorkerError, shared_worker

    try:
        data = args.file.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{args.file} : fichier introuvable") from None
    except OSError as error:
        raise CommandError(f"{args.file} : lecture impossible ({error.strerror})") from None
    try:
        # In the worker, within the limits, as the bot would: a hostile file cannot hang us.
        offer = await shared_worker().parse(
            data, args.file.name, source=str(args.file), limits=settings.limits
        )
    except ParseWorkerError as error:
        raise CommandError(f"{args.file} : analyse impossible ({error})") from None
    if isinstance(offer, str):
        raise CommandError(f"{args.file} : document refusé : {offer}")
    apply_corrections(offer, await _stored_corrections(settings, offer))
    if args.json:
        print(json.dumps(offer.to_json(), ensure_ascii=False, indent=2))
        return 0
    for key, value in offer.to_json().items():
        if key in ("body", "content_hash", "found") or value in (None, [], {}, False):
            continue
        how = offer.found.get("start" if key == "start_text" else key)
        shown = _shown(key, value, offer)
        print(f"{_LABELS.get(key, key):21} {shown}" + (f"  ({_HOW[how]})" if how in _HOW else ""))
    return 0


# What `postes parse` calls each field (`--json` keeps the field names, for scripts).
_LABELS = {
    "title": "intitulé",
    "reference": "référence",
    "reference_date": "référence du",
    "employer": "employeur",
    "direction": "direction",
    "corps": "corps",
    "posts": "postes à pourvoir",
    "workplace": "lieu de travail",
    "published_on": "publiée le",
    "deadline": "date limite",
    "deadline_time": "heure limite",
    "initial_deadline": "date limite initiale",
    "no_deadline": "sans date limite",
    "start_date": "prise de poste le",
    "start_text": "prise de poste",
    "residence": "résidence exigée",
    "contact": "contact",
    "source": "source",
    "unreadable": "lu mais non compris",
    "review": "à vérifier",
    "missing": "champs manquants",
}


def _shown(key: str, value: Any, offer: Offer) -> str:
    if key == "corps":
        return " ; ".join(corps.label() for corps in offer.corps)
    if key == "missing":
        return ", ".join(_LABELS.get(name, name) for name in value)
    if key == "unreadable":
        return " ; ".join(f"{_LABELS.get(k, k)} « {v} »" for k, v in value.items())
    if value is True:
        return "oui"
    return str(value)


_HOW = {
    "corrected": "corrigé",
    "label": "étiquette",
    "table": "tableau",
    "sentence": "phrase",
    "inferred": "déduit",
}


def _describe(row: OfferRow) -> str:
    return f"{row.reference or f'#{row.id}'} « {row.title} »"


async def cmd_correct(settings: Settings, args: argparse.Namespace) -> int:
    """Correct fields of a stored offer; the corrections survive re-ingesting the notice."""
    changes: dict[str, str] = {}
    try:
        for option, field in CORRECT_OPTIONS.items():
            if (value := getattr(args, option)) is not None:
                changes[field] = check_correction(field, value)
        cleared = [CORRECT_OPTIONS.get(name, name) for name in args.clear or []]
        for field in cleared:
            check_correction(field, "x")  # the field must exist
    except CorrectionError as error:
        raise CommandError(str(error)) from None
    if not changes and not cleared:
        raise CommandError("rien à corriger : --deadline, --time, --title, --employer, --clear")
    now = system_clock()
    async with open_database(settings) as sessions, sessions() as session, session.begin():
        row = await find_offer(session=session, key=args.reference)
        if row is None:
            raise CommandError(f"aucune offre de référence {args.reference!r}")
        for field in cleared:
            await remove_correction(session=session, offer_id=row.id, field=field)
        for field, value in changes.items():
            await set_correction(
                session=session, offer_id=row.id, field=field, value=value, now=now
            )
        await apply_stored_corrections(session=session, row=row, now=now)
        current = await list_corrections(session=session, offer_id=row.id)
    print(f"Offre {_describe(row)} corrigée.")
    for field, value in current.items():
        print(f"  {field:14} {value}")
    return 0
