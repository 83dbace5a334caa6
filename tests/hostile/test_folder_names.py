"""Folder sources: file names that are not UTF-8, or that hide control characters."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import SourceSettings
from postes.jobs.localtime import NOUMEA
from postes.jobs.poll import run_poll
from postes.jobs.status import collect_status, format_status
from tests.hostile.notices import notice

NO_SETTLE = timedelta(0)


def undecodable(folder: Path, name: bytes, data: bytes = b"Bonjour") -> None:
    """Create a file whose name is not UTF-8, as an archive made on Windows does."""
    fd = os.open(os.fsencode(folder) + b"/" + name, os.O_CREAT | os.O_WRONLY)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "avis"
    folder.mkdir()
    for number in (1, 2, 3):
        (folder / f"avis-{number}.txt").write_bytes(notice(number))
    undecodable(folder, b"avis-\xe9t\xe9.txt", notice(4))
    return folder


async def test_a_name_that_is_not_utf8_does_not_block_the_other_files(
    sessions: async_sessionmaker,
    clock: FakeClock,
    folder: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    source = SourceSettings("folder", str(folder))
    with caplog.at_level(logging.WARNING):
        report = await run_poll(
            sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, settle=NO_SETTLE
        )

    assert report.sources[0].error is None
    assert sorted(o.uri.rsplit("/", 1)[-1] for o in report.outcomes) == [
        "avis-1.txt",
        "avis-2.txt",
        "avis-3.txt",
    ]
    assert [o.status for o in report.outcomes] == ["stored"] * 3
    assert "avis-\\xe9t\\xe9.txt" in caplog.text


async def test_status_names_the_undecodable_file_escaped_under_its_source(
    sessions: async_sessionmaker, clock: FakeClock, folder: Path
) -> None:
    source = SourceSettings("folder", str(folder))
    await run_poll(sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, settle=NO_SETTLE)

    text = format_status(await collect_status(sessions=sessions))

    lines = text.splitlines()
    source_line = lines.index(f"  {source.key}")
    named = [i for i, line in enumerate(lines) if "avis-\\xe9t\\xe9.txt" in line]
    assert len(named) == 1
    assert source_line < named[0] < lines.index("")  # in the source's block
    assert "pas en UTF-8" in lines[named[0]]


async def test_control_characters_of_a_file_name_are_escaped_in_status(
    sessions: async_sessionmaker, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "avis"
    folder.mkdir()
    (folder / "avis-\x1b[31mrouge.txt").write_text("Bonjour, la réunion est reportée.")
    source = SourceSettings("folder", str(folder))
    await run_poll(sessions=sessions, sources=[source], clock=clock, zone=NOUMEA, settle=NO_SETTLE)

    text = format_status(await collect_status(sessions=sessions))

    assert "avis-\\x1b[31mrouge.txt" in text
    assert "\x1b" not in text
