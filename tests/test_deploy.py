"""deploy/: the compose file parses and runs PostgreSQL plus two bots whose command our CLI
accepts; the systemd unit has what a service needs; both agree with the container config."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from postes.cli import build_parser
from postes.config import load_settings
from postes.jobs.scheduler import STOP_GRACE
from postes.platforms.telegram.webhook_address import parse_listen

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
ENV = {
    "POSTES_WEBHOOK_URL": "https://bot.example.nc/hook",
    "POSTES_DATABASE_URL": "postgresql+asyncpg://postes:pw@postgres:5432/postes",
}


def _substitute(text: str) -> str:
    """Compose's ${NAME:?message} and ${NAME} with test values."""
    return re.sub(r"\$\{(\w+)(?::\?[^}]*)?\}", lambda m: ENV.get(m.group(1), "x"), text)


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_runs_postgresql_and_two_bots() -> None:
    services = compose()["services"]
    bots = {name: s for name, s in services.items() if name.startswith("bot")}

    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert len(bots) == 2
    for bot in bots.values():
        assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert bot["environment"]["POSTES_DATABASE_URL"].startswith("postgresql+asyncpg://postes:")
        assert "@postgres:5432/postes" in bot["environment"]["POSTES_DATABASE_URL"]
        # Both must share one webhook secret, or each refuses the updates the other registered.
        assert "POSTES_TELEGRAM_WEBHOOK_SECRET" in bot["environment"]
        # Compose reads the build context relative to the compose file.
        assert (DEPLOY / bot["build"]["context"] / bot["build"]["dockerfile"]).is_file()
    published = [port for bot in bots.values() for port in bot["ports"]]
    assert all(port.startswith("127.0.0.1:") for port in published)
    assert len(set(published)) == len(published)


def test_compose_bot_command_is_one_the_cli_accepts() -> None:
    (bot, *_) = (s for name, s in compose()["services"].items() if name.startswith("bot"))

    args = build_parser().parse_args([_substitute(arg) for arg in bot["command"]])

    assert args.command == "run"
    assert args.webhook == ENV["POSTES_WEBHOOK_URL"]
    assert Path(args.config) == Path("/etc/postes/config.toml")
    assert bot["volumes"] == ["./config.toml:/etc/postes/config.toml:ro"]


def test_the_container_config_listens_where_the_healthcheck_and_ports_look() -> None:
    settings = load_settings(DEPLOY / "config.toml", env=ENV)
    (bot, *_) = (s for name, s in compose()["services"].items() if name.startswith("bot"))

    port = parse_listen(settings.http.listen or "").port
    assert f"http://127.0.0.1:{port}/healthz" in " ".join(bot["healthcheck"]["test"])
    assert all(p.endswith(f":{port}") for p in bot["ports"])
    assert settings.log.format == "json"
    assert settings.telegram.token is None  # secrets come from the environment only
    assert settings.http.metrics_token is None
    grace = bot["stop_grace_period"]
    assert int(grace.rstrip("s")) > STOP_GRACE.total_seconds()


def test_systemd_unit_has_what_a_service_needs() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read(DEPLOY / "postes.service", encoding="utf-8")

    assert unit["Unit"]["Description"]
    assert "network-online.target" in unit["Unit"]["After"]
    service = unit["Service"]
    assert service["User"] != "root"
    assert service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) > STOP_GRACE.total_seconds()
    assert service["EnvironmentFile"].endswith("/etc/postes/env")
    command = shlex.split(_substitute(service["ExecStart"]))
    assert command[0].startswith("/")  # absolute, as systemd wants
    assert command[0].endswith("/postes")
    args = build_parser().parse_args(command[1:])
    assert (args.command, args.webhook, args.log_format) == (
        "run",
        ENV["POSTES_WEBHOOK_URL"],
        "json",
    )
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_dockerfile_installs_the_package_and_runs_postes_unprivileged() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")

    assert re.search(r"^FROM python:3\.11", text, re.M)
    assert "pip install ." in text
    assert re.search(r"^USER postes$", text, re.M)
    assert 'ENTRYPOINT ["postes"]' in text
