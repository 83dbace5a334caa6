import asyncio
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import LimitSettings, ScheduleSettings, Settings, SourceSettings
from postes.conversation.replies import Reply
from postes.jobs.localtime import NOUMEA
from postes.jobs.poll import run_poll
from postes.jobs.scheduler import JobScheduler, build_scheduler, poll_sources
from postes.jobs.status import collect_status, format_status
from postes.storage.documents import list_rejected_documents
from postes.storage.models import ChatRow
from tests.jobs.factories import make_chat, make_offer, subscribe

# The tests write whole files before polling: no need to wait for them to settle.
NO_SETTLE = timedelta(0)


class NullSender:
    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        return "1"


async def test_status_shows_sources_outbox_and_rejected_documents(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "avis"
    folder.mkdir()
    (folder / "bonjour.txt").write_text("Bonjour, la réunion est reportée.")
    sources = [SourceSettings("folder", str(folder)), SourceSettings("folder", "/nulle/part")]
    chat = await make_chat(sessions, clock(), 1)
    await subscribe(sessions, chat, "informatique", clock())
    await make_offer(sessions, clock())
    await run_poll(sessions=sessions, sources=sources, clock=clock, zone=NOUMEA, settle=NO_SETTLE)

    status = await collect_status(sessions=sessions)
    text = format_status(status)

    assert status.outbox == {"pending": 1}
    assert [d.uri.rsplit("/", 1)[-1] for d in status.rejected] == ["bonjour.txt"]
    assert "dossier introuvable : /nulle/part" in text
    assert "dernier passage 14/07/2025 09:00" in text
    assert "Messages : en attente 1, retenus pour un résumé 0, envoyés 0" in text
    assert "bonjour.txt" in text


def test_scheduler_has_named_jobs_that_never_overlap() -> None:
    settings = Settings(schedule=ScheduleSettings())
    scheduler = build_scheduler(
        sessions=async_sessionmaker(), settings=settings, sender=NullSender()
    )

    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert sorted(jobs) == ["deliver", "enqueue-timed", "poll-sources"]
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())
    assert jobs["poll-sources"].trigger.interval.total_seconds() == 600


async def test_stopping_the_scheduler_lets_a_running_job_finish() -> None:
    scheduler = JobScheduler()
    finished: list[bool] = []

    async def job() -> None:
        await asyncio.sleep(0.3)  # e.g. a send whose "sent" mark must still be written
        finished.append(True)

    scheduler.add_job(scheduler.tracked(job), "date", run_date=datetime.now(UTC))
    scheduler.start()
    await asyncio.sleep(0.1)  # the job is running

    await scheduler.stop()

    assert finished == [True]
    assert not scheduler.running


async def test_the_poll_job_applies_the_configured_limits(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    big = tmp_path / "gros.txt"
    big.write_text("Bonjour, " * 200)
    settled = time.time() - 60  # past the folder's settling delay
    os.utime(big, (settled, settled))
    settings = Settings(
        sources=(SourceSettings("folder", str(tmp_path)),),
        limits=LimitSettings(document_bytes=1000),
    )

    await poll_sources(sessions, settings, clock)

    async with sessions() as session:
        (rejected,) = await list_rejected_documents(session=session)
    assert (rejected.reason or "").startswith("Fichier trop volumineux : 1800 octets")
