"""`/healthz`: the process answers. `/readyz`: it can do its work (`web.readiness`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from http import HTTPStatus

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.web.readiness import check_readiness
from postes.web.server import BodylessHandler, Route


class _Probe:
    def __init__(
        self, sessions: async_sessionmaker, clock: Clock, jobs: Mapping[str, timedelta]
    ) -> None:
        self.sessions, self.clock, self.jobs = sessions, clock, jobs


class _TextHandler(BodylessHandler):
    def answer(self, status: HTTPStatus, body: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(body.encode())


class HealthzHandler(_TextHandler):
    """Alive: the event loop turns and answers. Nothing else is checked, so that a database
    outage restarts nobody (that is what `/readyz` is for)."""

    def get(self) -> None:
        self.answer(HTTPStatus.OK, "ok\n")


class ReadyzHandler(_TextHandler):
    """200 when every check passes, 503 otherwise; the body says which, one per line."""

    def initialize(self, probe: _Probe) -> None:
        self.probe = probe

    async def get(self) -> None:
        readiness = await check_readiness(
            sessions=self.probe.sessions, clock=self.probe.clock, jobs=self.probe.jobs
        )
        status = HTTPStatus.OK if readiness.ok else HTTPStatus.SERVICE_UNAVAILABLE
        self.answer(status, readiness.body())


def health_routes(
    *, sessions: async_sessionmaker, clock: Clock, jobs: Mapping[str, timedelta]
) -> list[Route]:
    """`/healthz` and `/readyz`; `jobs` maps each scheduled job to how often it runs."""
    probe = _Probe(sessions, clock, jobs)
    return [
        Route(r"/healthz", HealthzHandler),
        Route(r"/readyz", ReadyzHandler, {"probe": probe}),
    ]
