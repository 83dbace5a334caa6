"""The web server of `postes run`: health, metrics, and the front ends' routes."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.config import Settings
from postes.jobs.scheduler import job_intervals
from postes.web.health import health_routes
from postes.web.leadership import Leadership
from postes.web.metrics import metrics_route
from postes.web.server import Route, WebServer


def build_web_server(
    settings: Settings,
    *,
    sessions: async_sessionmaker,
    clock: Clock,
    leadership: Leadership,
    routes: Iterable[Route] = (),
    platforms: Iterable[str] = ("telegram",),
) -> WebServer:
    """`routes` first (a webhook keeps its path whatever it is), then /healthz, /readyz and
    /metrics; `platforms` are those this process delivers to."""
    server = WebServer()
    server.mount(*routes)
    server.mount(*health_routes(sessions=sessions, clock=clock, jobs=job_intervals(settings)))
    server.mount(
        metrics_route(
            token=settings.http.metrics_token,
            sessions=sessions,
            clock=clock,
            leadership=leadership,
            sources=[source.key for source in settings.sources],
            platforms=platforms,
        )
    )
    return server
