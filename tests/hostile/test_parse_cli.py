"""`postes parse` reads in the worker, within the configured limits: hostile files end in a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from postes.cli import main
from tests.jobs.test_ingest import notice


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A notice and 5 MB of one letter, with no config file nor database to touch."""
    monkeypatch.delenv("POSTES_CONFIG", raising=False)
    monkeypatch.setenv("POSTES_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    path = tmp_path / "hostile.html"
    path.write_bytes(b"<pre>" + notice() + b"</pre><p>" + b"x" * 5_000_000 + b"</p>")
    return path


def test_parse_sets_a_hostile_document_aside_in_one_line(hostile: Path, capsys) -> None:
    assert main(["parse", str(hostile)]) == 2

    err = capsys.readouterr().err
    assert err.startswith(f"postes: {hostile} : document refusé : Texte trop long : 5 00")
    assert err.count("\n") == 1


def test_parse_stops_at_the_configured_time_limit(hostile: Path, tmp_path: Path, capsys) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[limits]\ntext_chars = 10000000\nparse_seconds = 0.5\n")

    assert main(["--config", str(config), "parse", str(hostile)]) == 2

    err = capsys.readouterr().err
    assert err == (
        f"postes: {hostile} : document refusé : Analyse interrompue : délai dépassé (0,5 s)\n"
    )


def test_parse_still_prints_a_good_notice(tmp_path: Path, capsys) -> None:
    path = tmp_path / "avis.txt"
    path.write_bytes(notice())

    assert main(["parse", str(path)]) == 0

    out = capsys.readouterr().out
    assert "3134-25-0701/SR" in out
    assert "Province Nord" in out
