"""Listing a folder's documents: names that are not UTF-8, links out of the folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from postes.jobs.filenames import escape_name, list_documents, printable


def test_escape_name_shows_bytes_that_are_not_utf8_as_escapes() -> None:
    assert escape_name(b"avis-\xe9t\xe9.txt") == "avis-\\xe9t\\xe9.txt"
    assert escape_name(os.fsdecode(b"avis-\xe9t\xe9.txt")) == "avis-\\xe9t\\xe9.txt"
    assert escape_name("avis-été.txt") == "avis-été.txt"


def test_printable_escapes_control_and_bidi_characters_only() -> None:
    assert printable("a\x1b[31mb\nc\u202ed") == "a\\x1b[31mb\\x0ac\\u202ed"
    assert printable("Attaché d’administration à Nouméa") == "Attaché d’administration à Nouméa"


def test_list_documents_leaves_out_undecodable_names_and_folders(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    (tmp_path / "bon.txt").write_text("a")
    (tmp_path / "image.jpg").write_text("a")
    (tmp_path / ".cache.txt").write_text("a")
    os.close(os.open(root + b"/avis-\xe9t\xe9.txt", os.O_CREAT | os.O_WRONLY))
    os.close(os.open(root + b"/photo-\xe9.jpg", os.O_CREAT | os.O_WRONLY))  # not a document
    os.mkdir(root + b"/archiv\xe9")
    os.close(os.open(root + b"/archiv\xe9/dedans.txt", os.O_CREAT | os.O_WRONLY))
    (tmp_path / "sous").mkdir()
    (tmp_path / "sous" / "autre.pdf").write_text("a")

    paths, skipped = list_documents(tmp_path)

    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["bon.txt", "sous/autre.pdf"]
    assert [(s.name, s.reason) for s in skipped] == [
        ("archiv\\xe9", "nom de dossier illisible (pas en UTF-8)"),
        ("avis-\\xe9t\\xe9.txt", "nom de fichier illisible (pas en UTF-8)"),
    ]


def test_list_documents_leaves_out_links_to_files_outside_the_folder(tmp_path: Path) -> None:
    folder, outside = tmp_path / "avis", tmp_path / "secret.txt"
    folder.mkdir()
    outside.write_text("mot de passe")
    (folder / "vrai.txt").write_text("a")
    (folder / "fuite.txt").symlink_to(outside)
    (folder / "copie.txt").symlink_to(folder / "vrai.txt")
    (folder / "boucle.txt").symlink_to(folder / "boucle.txt")

    paths, skipped = list_documents(folder)

    assert [p.name for p in paths] == ["copie.txt", "vrai.txt"]
    assert [s.name for s in skipped] == ["boucle.txt", "fuite.txt"]


def test_list_documents_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        list_documents(tmp_path / "nulle-part")
