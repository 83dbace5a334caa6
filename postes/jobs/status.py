"""`postes status`: sources and their last poll, the outbox by status, rejected documents,
and which process leads each role when `postes run` processes share the database.

Under each source: a poll still running and since when, a Retry-After being honoured, the
files and links it left alone, and its document links failing, with their next attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.french_cli import counted
from postes.jobs.filenames import printable
from postes.jobs.localtime import NOUMEA, as_utc
from postes.storage.documents import list_rejected_documents
from postes.storage.job_runs import list_job_runs
from postes.storage.leases import Leader, list_leaders
from postes.storage.links import list_link_failures
from postes.storage.models import (
    DocumentRow,
    JobRunRow,
    LinkFailureRow,
    OfferRow,
    SourceStateRow,
)
from postes.storage.outbox import count_by_status
from postes.storage.review import list_offers_to_review
from postes.storage.sources import list_source_states

_LONG_AGO = datetime.min.replace(tzinfo=UTC)
# Outbox statuses as operators read them, in this order.
OUTBOX_STATUSES = {
    "pending": "en attente",
    "held": "retenus pour un résumé",
    "sent": "envoyés",
    "in_digest": "dans un résumé à envoyer",
    "included": "envoyés dans un résumé",
    "failed": "en échec",
    "dropped": "abandonnés",
}


@dataclass(slots=True)
class Status:
    """A snapshot for the admins."""

    sources: list[SourceStateRow] = field(default_factory=list)
    outbox: dict[str, int] = field(default_factory=dict)
    rejected: list[DocumentRow] = field(default_factory=list)
    failing_links: list[LinkFailureRow] = field(default_factory=list)
    to_review: list[OfferRow] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)
    job_runs: list[JobRunRow] = field(default_factory=list)
    now: datetime = _LONG_AGO  # when it was read: leases that ended before are nobody's


async def collect_status(
    *,
    sessions: async_sessionmaker,
    today: date | None = None,
    rejected_limit: int = 20,
    now: datetime | None = None,
) -> Status:
    """Read the status from the database; offers to check are those still open on `today`,
    leases held are those running past `now`."""
    async with sessions() as session:
        return Status(
            leaders=await list_leaders(session=session),
            job_runs=sorted((await list_job_runs(session=session)).values(), key=_job_name),
            now=now or _LONG_AGO,
            sources=await list_source_states(session=session),
            outbox=await count_by_status(session=session),
            rejected=await list_rejected_documents(session=session, limit=rejected_limit),
            failing_links=await list_link_failures(session=session),
            to_review=await list_offers_to_review(session=session, today=today or date.min),
        )


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return as_utc(moment).astimezone(zone).strftime("%d/%m/%Y %H:%M") if moment else "jamais"


def format_status(status: Status, zone: ZoneInfo = NOUMEA) -> str:
    """Plain text for the terminal, in French like the rest of the bot."""
    lines = ["Sources :"]
    if not status.sources:
        lines.append("  (aucune source interrogée pour l'instant)")
    for state in status.sources:
        failing = [link for link in status.failing_links if link.source == state.key]
        lines += _source_lines(state, failing, zone)
    counts = ", ".join(
        f"{label} {status.outbox.get(name, 0)}" for name, label in OUTBOX_STATUSES.items()
    )
    lines += ["", f"Messages : {counts}", "", f"Documents écartés ({len(status.rejected)}) :"]
    for document in status.rejected:
        # Names and reasons come from files and web pages: escaped, never raw to the terminal.
        lines.append(f"  {printable(document.uri)}")
        lines.append(f"    {_when(document.seen_at, zone)} — {printable(document.reason or '?')}")
    lines += ["", f"Offres à vérifier ({len(status.to_review)}) :"]
    for offer in status.to_review:
        reference = printable(offer.reference or f"#{offer.id}")
        lines.append(f"  {reference} — {printable(offer.title)}")
        lines.append(f"    {offer.review} ({printable(offer.source or 'source inconnue')})")
        lines.append(f"    corriger : postes correct {reference} --deadline AAAA-MM-JJ")
    if status.leaders:
        lines += ["", "Rôles (processus qui les mènent) :"]
    for leader in status.leaders:
        who = f"{printable(leader.host or '?')} pid {leader.pid or '?'}"
        if leader.expires_at > status.now:
            lines.append(f"  {leader.name} : {who}, depuis {_when(leader.acquired_at, zone)}")
        else:
            lines.append(
                f"  {leader.name} : personne (dernier : {who}, jusqu'à "
                f"{_when(leader.expires_at, zone)})"
            )
    lines += _job_lines(status.job_runs, zone)
    return "\n".join(lines)


def _job_name(run: JobRunRow) -> str:
    return run.name


def _job_lines(runs: list[JobRunRow], zone: ZoneInfo) -> list[str]:
    """When each scheduled job last succeeded, and its last failure if it came after."""
    lines = ["", "Tâches planifiées :"] if runs else []
    for run in runs:
        where = printable(run.runner or "?")
        line = f"  {run.name} : dernière réussite {_when(run.succeeded_at, zone)} ({where})"
        failed_last = run.failed_at and (
            not run.succeeded_at or as_utc(run.failed_at) > as_utc(run.succeeded_at)
        )
        if failed_last:
            line += f", en échec depuis {_when(run.failed_at, zone)} : "
            line += printable(run.last_error or "?")
        lines.append(line)
    return lines


def _source_lines(
    state: SourceStateRow, failing: list[LinkFailureRow], zone: ZoneInfo
) -> list[str]:
    health = "OK" if state.last_error is None else f"ERREUR : {printable(state.last_error)}"
    lines = [
        f"  {printable(state.key)}",
        f"    dernier passage {_when(state.last_poll_at, zone)}, "
        f"dernier succès {_when(state.last_ok_at, zone)} — {health}",
    ]
    if state.poll_started_at is not None:
        lines.append(f"    passage en cours depuis {_when(state.poll_started_at, zone)}")
    if state.retry_at is not None:
        lines.append(
            f"    pas de passage avant {_when(state.retry_at, zone)} (demandé par le site)"
        )
    for item in state.skipped or []:
        lines.append(f"    ignoré : {printable(item['name'])} — {printable(item['reason'])}")
    for link in failing:
        lines.append(
            f"    lien en échec : {printable(link.url)} — {counted(link.failures, 'échec')}, "
            f"prochain essai {_when(link.retry_at, zone)} — {printable(link.last_error)}"
        )
    return lines
