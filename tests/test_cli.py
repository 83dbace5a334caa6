"""The `postes` command as scripts and newcomers meet it: output, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from postes.cli import main

NOTICE = """# Chargé(e) d'études <urbanisme> & mobilité

Référence : 3134-25-0999/SR du 03/03/2025

Employeur : Province Nord

Corps ou cadre d'emploi /Domaine : Ingénieur 2ème grade / Génie civil

Lieu de travail : Koné

Date de dépôt de l'offre : lundi 3 mars 2025

Date limite de candidature : 31/03/2025 prorogée au vendredi 11 avril 2025

Poste à pourvoir : dès que possible

# Détails de l'offre :

Le service de l'aménagement recrute un chargé d'études pour les plans de mobilité.
"""


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Run commands against a fresh SQLite file, with no config file."""
    monkeypatch.delenv("POSTES_CONFIG", raising=False)
    monkeypatch.delenv("POSTES_TELEGRAM_TOKEN", raising=False)
    monkeypatch.setenv("POSTES_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    notice = tmp_path / "notices" / "avis.txt"
    notice.parent.mkdir()
    notice.write_text(NOTICE, encoding="utf-8")
    return tmp_path


def _postes(*args: str, stdin: str = "", env_db: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(env_db or Path.cwd())}
    if env_db is not None:
        env["POSTES_DATABASE_URL"] = f"sqlite+aiosqlite:///{env_db / 'sub.db'}"
    return subprocess.run(
        [sys.executable, "-m", "postes", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_parse_json_prints_iso_dates_and_missing_fields(env: Path, capsys) -> None:
    assert main(["parse", str(env / "notices" / "avis.txt"), "--json"]) == 0

    offer = json.loads(capsys.readouterr().out)
    assert offer["reference"] == "3134-25-0999/SR"
    assert offer["deadline"] == "2025-04-11"
    assert offer["initial_deadline"] == "2025-03-31"
    assert offer["published_on"] == "2025-03-03"
    assert offer["missing"] == ["residence"]


def test_parse_rejects_a_document_that_is_not_a_notice(env: Path, capsys) -> None:
    junk = env / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")

    assert main(["parse", str(junk), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("postes: ")
    assert "document refusé" in err
    assert err.count("\n") == 1


def test_ingest_reports_each_document_and_one_bad_file_does_not_stop_the_rest(
    env: Path, capsys
) -> None:
    (env / "notices" / "vide.txt").write_text("", encoding="utf-8")

    assert main(["ingest", str(env / "notices")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("ajoutée") and "avis.txt" in line for line in out)
    assert any(line.startswith("refusé") and "vide.txt" in line for line in out)

    assert main(["ingest", str(env / "notices" / "avis.txt")]) == 0
    assert capsys.readouterr().out.startswith("inchangée")


def test_offers_finds_ingested_notices_without_accents_and_as_json(env: Path, capsys) -> None:
    main(["ingest", str(env / "notices")])
    capsys.readouterr()

    assert main(["offers", "etudes", "mobilite", "--all", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 1
    assert result["offers"][0]["title"] == "Chargé(e) d'études <urbanisme> & mobilité"

    assert main(["offers", "etudes"]) == 0  # closed in 2025: not listed without --all
    assert "Aucune offre ouverte" in capsys.readouterr().out


def test_offers_over_sample_notices_lists_open_offers(env: Path, capsys) -> None:
    assert main(["ingest", "--sample"]) == 0
    capsys.readouterr()

    assert main(["offers", "attache"]) == 0
    out = capsys.readouterr().out
    assert "Attaché" in out
    assert "(J-" in out


@pytest.mark.parametrize("query", ['"', "*", ")", "NEAR(", "attaché)*", "💼 <b>&"])
def test_hostile_queries_give_results_not_errors(env: Path, capsys, query: str) -> None:
    main(["ingest", "--sample"])
    capsys.readouterr()

    assert main(["offers", query]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_over_long_query_is_refused_in_one_line(env: Path, capsys) -> None:
    assert main(["offers", "x" * 5000]) == 2

    err = capsys.readouterr().err
    assert err.startswith("postes: Recherche trop longue")
    assert err.count("\n") == 1


def test_help_lists_every_subcommand() -> None:
    result = _postes("--help")

    assert result.returncode == 0
    for command in ("run", "console", "ingest", "offers", "parse", "status"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--config", "/nonexistent/postes.toml", "offers", "x"], "introuvable"),
        (["parse", "/nonexistent/avis.pdf"], "introuvable"),
        (["ingest"], "indiquez"),
    ],
)
def test_bad_input_is_one_line_without_traceback(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = _postes(*args, env_db=tmp_path)

    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_invalid_config_value_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[schedule]\ncheck_every = "bientôt"\n', encoding="utf-8")

    result = _postes("--config", str(config), "status", env_db=tmp_path)

    assert result.returncode == 2
    assert result.stderr.startswith("postes: durée invalide")
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "postes", "offers", "x"],
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "POSTES_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/x",
        },
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stderr.startswith("postes: base de données inaccessible")
    assert "Traceback" not in result.stderr


def test_run_without_token_opens_the_console_on_sample_offers(tmp_path: Path) -> None:
    result = _postes(
        "run", stdin="/offres attaché\n/abonner corps:attaché\n/abonnements\n", env_db=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "mode console" in result.stderr
    assert "offres ouvertes" in result.stdout
    assert "Abonnement n°1 créé" in result.stdout
    assert "Vos abonnements (1)" in result.stdout


def test_run_with_slack_alone_over_http_without_an_address_is_one_french_line(
    tmp_path: Path,
) -> None:
    """Slack alone is a platform (no console), but Slack over HTTP needs somewhere to
    listen: said in one line before anything is started, exit 2."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[slack]\nbot_token = "xoxb-T0NC"\nsigning_secret = "secret"\n'
        'api_url = "http://127.0.0.1:9/api/"\n',
        encoding="utf-8",
    )

    result = _postes("--config", str(config), "run", stdin="/aide\n", env_db=tmp_path)

    assert result.returncode == 2, result.stdout
    assert result.stderr == (
        'postes: Slack en mode HTTP a besoin de [http] listen (ex. "127.0.0.1:3000"), '
        "ou de [slack] app_token pour le Socket Mode\n"
    )
    assert "mode console" not in result.stderr


def test_run_with_slack_unreachable_is_one_french_line(tmp_path: Path) -> None:
    """auth.test checks Slack at start, as getMe does Telegram: nothing listens here."""
    with socket.socket() as probe:  # a port nothing listens on, once closed
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    config = tmp_path / "config.toml"
    config.write_text(
        f'[slack]\nbot_token = "xoxb-T0NC"\nsigning_secret = "secret"\n'
        f'api_url = "http://127.0.0.1:{dead}/api/"\n[http]\nlisten = "127.0.0.1:{dead}"\n',
        encoding="utf-8",
    )

    result = _postes("--config", str(config), "run", env_db=tmp_path)

    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(
        f"postes: API Slack injoignable (http://127.0.0.1:{dead}/api/)"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "platform",
    [
        {"POSTES_TELEGRAM_TOKEN": "123:abc"},
        {"POSTES_SLACK_BOT_TOKEN": "xoxb-T0NC", "POSTES_SLACK_SIGNING_SECRET": "secret"},
    ],
    ids=["telegram", "slack"],
)
def test_console_of_a_configured_bot_leaves_its_database_without_samples(
    env: Path, capsys, monkeypatch: pytest.MonkeyPatch, platform: dict[str, str]
) -> None:
    for name, value in platform.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdin", io.StringIO("/offres\n"))

    assert main(["console"]) == 0
    assert "sans offres d'exemple" in capsys.readouterr().err
    assert main(["offers", "--all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0


# Published today, so that the offer is open and listed for review.
UNDATED = """# Juriste en droit public

Référence : 3134-25-0998/SR du {today}

Employeur : Province Nord

Les candidatures sont à adresser à la DRH de la province Nord.
"""


def _today() -> date:
    return datetime.now(UTC).astimezone(ZoneInfo("Pacific/Noumea")).date()


def _undated() -> str:
    return UNDATED.format(today=_today().strftime("%d/%m/%Y"))


def test_correct_survives_reingest_and_shows_in_parse_and_status(env: Path, capsys) -> None:
    notice = env / "notices" / "undated.txt"
    notice.write_text(_undated(), encoding="utf-8")
    assert main(["ingest", str(notice)]) == 0
    assert main(["status"]) == 0
    status = capsys.readouterr().out
    assert "Offres à vérifier (1)" in status
    assert "3134-25-0998/SR — Juriste en droit public" in status
    assert "date limite introuvable" in status

    deadline = (_today() + timedelta(days=30)).isoformat()
    assert main(["correct", "3134-25-0998/sr", "--deadline", deadline, "--time", "16h"]) == 0
    assert f"deadline       {deadline}" in capsys.readouterr().out
    notice.write_text(_undated() + "\nPoste ouvert aux contractuels.\n", encoding="utf-8")
    assert main(["ingest", str(notice)]) == 0  # the changed notice is read again
    capsys.readouterr()

    assert main(["parse", str(notice), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert (parsed["deadline"], parsed["deadline_time"], parsed["review"]) == (
        deadline,
        "16:00",
        None,
    )
    assert parsed["found"]["deadline"] == "corrected"
    assert main(["parse", str(notice)]) == 0
    assert f"{deadline}  (corrigé)" in capsys.readouterr().out
    assert main(["status"]) == 0
    assert "Offres à vérifier (0)" in capsys.readouterr().out
    assert main(["offers", "juriste", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["offers"][0]["deadline"] == deadline


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["correct", "3134-25-0998/SR", "--deadline", "03/10/2025"], "date limite invalide"),
        (["correct", "3134-25-0998/SR", "--time", "25h"], "heure invalide"),
        (["correct", "3134-25-0998/SR"], "rien à corriger"),
        (["correct", "9999-99-9999/XX", "--title", "Juriste"], "aucune offre"),
    ],
)
def test_bad_corrections_are_one_line_and_change_nothing(
    env: Path, capsys, args: list[str], message: str
) -> None:
    notice = env / "notices" / "undated.txt"
    notice.write_text(_undated(), encoding="utf-8")
    assert main(["ingest", str(notice)]) == 0
    capsys.readouterr()

    assert main(args) == 2
    error = capsys.readouterr().err
    assert message in error
    assert error.count("\n") == 1
    assert main(["parse", str(notice), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["found"].get("deadline") is None


@pytest.mark.parametrize(
    ("args", "french"),
    [
        (["frobnicate"], "choix invalide : 'frobnicate' (choix possibles :"),
        ([], "arguments requis : COMMANDE"),
        (["offers", "--limit", "beaucoup"], "valeur invalide (nombre entier) : 'beaucoup'"),
        (["db"], "arguments requis : action"),
        (["status", "--verbeux"], "arguments non reconnus : --verbeux"),
    ],
)
def test_command_line_mistakes_are_told_in_french(args: list[str], french: str, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)

    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : postes")
    assert " : erreur : " in err
    assert french in err


def test_help_is_french() -> None:
    result = _postes("ingest", "--help")

    assert result.stdout.startswith("utilisation : postes ingest")
    assert "afficher cette aide et quitter" in result.stdout
    assert "usage" not in result.stdout
    assert "show this help" not in result.stdout


def test_ingest_summary_counts_agree_in_number_and_gender(env: Path, capsys) -> None:
    (env / "notices" / "vide.txt").write_text("", encoding="utf-8")
    (env / "notices" / "vide2.txt").write_text("", encoding="utf-8")

    main(["ingest", str(env / "notices")])
    assert (
        capsys.readouterr().err.strip().splitlines()[-1] == "1 offre ajoutée, 2 documents refusés"
    )


def test_parse_names_the_fields_in_french(env: Path, capsys) -> None:
    assert main(["parse", str(env / "notices" / "avis.txt")]) == 0

    out = capsys.readouterr().out
    for line in ("intitulé", "employeur", "date limite initiale", "champs manquants"):
        assert f"\n{line} " in f"\n{out}"
    assert "Ingénieur 2ème grade" in out
    assert "{'name'" not in out
    assert "deadline" not in out
