"""Process-wide Prometheus counters, counted where things happen and served by `/metrics`.

They live in prometheus_client's default registry, beside its process and Python collectors.
Counters only ever grow; Prometheus' `rate()` and `increase()` make sense of restarts.
"""

from __future__ import annotations

from prometheus_client import Counter

SEND_OUTCOMES = ("ok", "retry_after", "blocked", "error")

SENDS = Counter(
    "postes_sends",
    "Messages handed to a platform, by outcome (ok, retry_after, blocked, error).",
    ["platform", "outcome"],
)
RATE_LIMITED = Counter(
    "postes_rate_limited",
    "429 (flood control) answers received from a platform, retried or not.",
    ["platform"],
)
SOURCE_ERRORS = Counter(
    "postes_source_errors",
    "Polls of a source that failed (site unreachable, folder missing, bad answer).",
    ["source"],
)
