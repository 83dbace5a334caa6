"""Two `postes run` on one PostgreSQL database, each with its web server: /metrics says which
process leads each role, only the scheduler's leader reads the database for its gauges, the
sends of the fan-out are counted where they happened, and both are ready."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import POSTGRES_URL, postgres_skip_reason
from tests.ops.cluster import (
    make_cluster,
    postgres_database,
    prepare,
    received,
    start_bot_api,
)

SUBSCRIBERS = 20
TOKEN = "cluster-metrics"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def leads(metrics: dict, role: str) -> bool:
    return metrics.get(("postes_leader", frozenset({("role", role)}))) == 1.0


async def scrape_when_settled(
    ports: list[int], expected_sends: int, seconds: float
) -> tuple[list[dict], list[httpx.Response]]:
    """Scrape every process until one leads the scheduler, the outbox is empty and every
    send was counted, or time runs out; return the last scrapes and /readyz answers."""
    deadline = time.monotonic() + seconds
    ok = ("postes_sends_total", frozenset({("platform", "telegram"), ("outcome", "ok")}))
    pending = ("postes_outbox_pending", frozenset({("platform", "telegram"), ("kind", "alert")}))
    async with httpx.AsyncClient(timeout=10) as client:
        while True:
            scraped: list[dict] = []
            with contextlib.suppress(httpx.TransportError):
                for port in ports:
                    answer = await client.get(
                        f"http://127.0.0.1:{port}/metrics",
                        headers={"Authorization": f"Bearer {TOKEN}"},
                    )
                    scraped.append(samples(answer.text))
            settled = (
                len(scraped) == len(ports)
                and sum(leads(m, "scheduler") for m in scraped) == 1
                and sum(m.get(ok, 0.0) for m in scraped) == expected_sends
                and all(m.get(pending, 0.0) == 0 for m in scraped)
            )
            if settled:
                ready = [await client.get(f"http://127.0.0.1:{p}/readyz") for p in ports]
                if all(r.status_code == 200 for r in ready):
                    return scraped, ready
            assert time.monotonic() < deadline, f"not settled: {scraped}"
            await asyncio.sleep(0.5)


async def test_two_processes_report_one_leader_and_the_sends_of_the_fan_out(
    tmp_path: Path,
) -> None:
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    api = start_bot_api(tmp_path)
    try:
        async with postgres_database(POSTGRES_URL) as url:
            await prepare(url, SUBSCRIBERS, tmp_path / "inbox")
            cluster = make_cluster(tmp_path, url, api.base_url, check_every="3s")
            with cluster.config.open("a", encoding="utf-8") as config:
                config.write(f'\n[http]\nmetrics_token = "{TOKEN}"\n')
            ports = [free_port(), free_port()]
            try:
                for port in ports:
                    cluster.start(1, "--listen", f"127.0.0.1:{port}")
                scraped, ready = await scrape_when_settled(ports, SUBSCRIBERS, 90)
            finally:
                await asyncio.to_thread(cluster.stop)
    finally:
        api.close()

    assert len(received(api.sent())) == SUBSCRIBERS
    (leader,) = [m for m in scraped if leads(m, "scheduler")]
    (follower,) = [m for m in scraped if not leads(m, "scheduler")]
    # Only the leader reads the database: the follower exports no outbox or job gauge.
    assert ("postes_database_up", frozenset()) in leader
    assert not any(name.startswith("postes_outbox") for name, _ in follower)
    assert not any(name == "postes_job_last_success_age_seconds" for name, _ in follower)
    deliver_age = ("postes_job_last_success_age_seconds", frozenset({("job", "deliver")}))
    assert leader[deliver_age] < 60
    # Polling mode: one process polls updates, the other stands by.
    assert sum(leads(m, "updates") for m in scraped) == 1
    assert sum(leads(m, "sender") for m in scraped) == 1
    assert all(r.text.startswith("prêt\n") for r in ready)
