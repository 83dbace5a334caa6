"""Parse documents in a worker process, so that no document can freeze the bot.

`re` matches in C without releasing the GIL: a parse in a thread stops the event loop as
surely as one in it (issue 9: one line froze replies, polling and SIGTERM). A worker
process runs the parser instead, under an address-space limit (`limits.parse_memory_mb`).
It is started with "spawn", since the bot has threads and a fork would copy their locks
mid-use, then kept warm for the next documents. The bot waits for it from a thread, so the
event loop runs on; a parse that outlasts `limits.parse_seconds` gets the worker killed
(another starts for the next document). A time-out, exhausted memory or a crash is that
document's reason to be set aside, never the run's failure. A worker that cannot start, or
that is stopped from outside, is no document's fault: ParseWorkerError, and the document is
read again next time.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import multiprocessing
import resource
import signal
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from postes.config import LimitSettings
from postes.jobs.document_limits import check_size, read_document
from postes.offers.model import NotAnOffer, Offer

logger = logging.getLogger(__name__)

Reader = Callable[..., Offer]  # read_document's signature: (data, filename, *, source, limits)
TIMED_OUT = "Analyse interrompue : délai dépassé ({seconds} s)"
OUT_OF_MEMORY = "Analyse interrompue : mémoire dépassée ({mb} Mo)"
CRASHED = "Analyse interrompue : le processus d'analyse s'est arrêté ({how})"
# Signals that stop the whole service (systemd): a worker ended by one of them was not
# brought down by its document, which must be read again after the restart.
_STOP_SIGNALS = (-signal.SIGTERM, -signal.SIGHUP)
# A worker imports the parser before it is ready; a loaded machine may take a while.
STARTUP_SECONDS = 60.0


class ParseWorkerError(Exception):
    """The worker could not start, or was stopped from outside: no document's fault."""


def _serve(connection: Connection, memory_mb: int, reader: Reader) -> None:
    """The worker's loop: read a job, answer, until the parent says stop or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    connection.send(("ready",))
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return  # the parent is gone
        if job is None:
            return
        data, filename, source, limits = job
        try:
            answer: tuple[Any, ...] = (
                "offer",
                reader(data, filename, source=source, limits=limits),
            )
        except NotAnOffer as error:
            answer = ("refused", str(error) or "Ce document n'est pas une offre.")
        except MemoryError:
            del data, job  # room to answer; the parent then replaces this worker
            answer = ("memory",)
        except Exception as error:
            reason = f"Document illisible ({error.__class__.__name__} : {error})"
            answer = ("failed", reason, traceback.format_exc())
        connection.send(answer)


@dataclass(slots=True)
class _Job:
    payload: tuple[bytes, str, str, LimitSettings]
    limits: LimitSettings
    abandoned: bool = False


class ParseWorker:
    """One warm worker process, parsing one document at a time for every caller."""

    def __init__(self, reader: Reader = read_document) -> None:
        self._reader = reader
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()  # one job at a time, whichever event loop sends it
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._memory_mb = 0
        self._running: _Job | None = None

    @property
    def pid(self) -> int | None:
        """The worker process's id, while one runs."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    async def parse(
        self, data: bytes, filename: str, *, source: str, limits: LimitSettings
    ) -> Offer | str:
        """The offer a document holds, or why it has none (in French)."""
        try:
            check_size(data, limits)  # before sending megabytes down a pipe for nothing
        except NotAnOffer as error:
            return str(error)
        job = _Job((data, filename, source, limits), limits)
        try:
            answer = await asyncio.to_thread(self._run, job)
        except asyncio.CancelledError:
            self._abandon(job)
            raise
        kind, *details = answer
        if kind == "offer":
            return details[0]
        if kind == "failed":
            logger.error("Parser failed on %s:\n%s", source, details[1])
        elif kind != "refused":
            logger.warning("Parse of %s set aside: %s", source, details[0])
        return str(details[0])

    def _run(self, job: _Job) -> tuple[Any, ...]:
        """Send one job and wait for its answer, in a thread (the event loop runs on)."""
        with self._lock:
            if job.abandoned:
                return ("abandoned", "")
            connection = self._ready(job.limits.parse_memory_mb)
            self._running = job
            if job.abandoned:  # between the first look and now: `_abandon` killed nothing
                self._running = None
                return ("abandoned", "")
            try:
                connection.send(job.payload)
                if not connection.poll(job.limits.parse_seconds):
                    self._stop_process()
                    seconds = f"{job.limits.parse_seconds:g}".replace(".", ",")  # 0,5 s
                    return ("timeout", TIMED_OUT.format(seconds=seconds))
                answer: tuple[Any, ...] = connection.recv()
            except (EOFError, OSError):
                code = self._stop_process()
                if code in _STOP_SIGNALS and not job.abandoned:
                    raise ParseWorkerError(f"parse worker stopped by signal {-code}") from None
                how = f"signal {-code}" if code is not None and code < 0 else f"code {code}"
                return ("crashed", CRASHED.format(how=how))
            finally:
                self._running = None
                if job.abandoned:
                    self._stop_process()  # it may have been killed halfway: start afresh
            if answer[0] == "memory":
                self._stop_process()
                return ("memory", OUT_OF_MEMORY.format(mb=job.limits.parse_memory_mb))
            return answer

    def _ready(self, memory_mb: int) -> Connection:
        """The connection to a live worker with this memory limit, started if need be."""
        process = self._process
        if process is not None and (not process.is_alive() or self._memory_mb != memory_mb):
            self._stop_process()
        if self._connection is None:
            ours, theirs = self._context.Pipe()
            process = self._context.Process(
                target=_serve,
                args=(theirs, memory_mb, self._reader),
                name="postes-parse",
                daemon=True,  # never outlives the bot, even if nobody closes it
            )
            process.start()
            theirs.close()  # so that the worker's death reads as EOF here
            self._process, self._connection, self._memory_mb = process, ours, memory_mb
            # Wait until it is ready: its start is not the first document's parse time, and
            # a worker that cannot start at all must not look like a document crashing it.
            try:
                ready = ours.poll(STARTUP_SECONDS) and ours.recv() == ("ready",)
            except (EOFError, OSError):
                ready = False
            if not ready:
                code = self._stop_process()
                raise ParseWorkerError(f"parse worker did not start (exit code {code})")
            logger.debug("parse worker %s started", process.pid)
        assert self._connection is not None
        return self._connection

    def _stop_process(self, *, politely: bool = False) -> int | None:
        """Stop the worker (asking first when `politely`); its exit code."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is None or connection is None:
            return None
        if politely:
            try:
                connection.send(None)
                process.join(2)
            except OSError:
                pass  # already gone
        if process.is_alive():
            process.kill()
        process.join()
        connection.close()
        return process.exitcode

    def _abandon(self, job: _Job) -> None:
        """Nobody waits for this job any more: drop it, or kill the parse it is in."""
        job.abandoned = True
        process = self._process
        if self._running is job and process is not None:
            process.kill()  # `_run` sees the end of the pipe and clears up

    def close(self) -> None:
        """Stop the worker process; a parse in progress is interrupted."""
        running = self._running
        if running is not None:
            self._abandon(running)
        with self._lock:
            self._stop_process(politely=True)


_shared: ParseWorker | None = None


def shared_worker() -> ParseWorker:
    """The process's parse worker: one warm process for every ingest, stopped at exit."""
    global _shared
    if _shared is None:
        _shared = ParseWorker()
        atexit.register(_shared.close)
    return _shared


def close_shared_worker() -> None:
    """Stop the shared worker's process, if one runs; the next parse starts another."""
    if _shared is not None:
        _shared.close()
