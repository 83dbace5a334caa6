"""On SQLite, one process at most runs the scheduler and the sender of a database file.

SQLite is the embedded, one-process default: a second `postes run` on the same file would
compete for the writes and, before leases existed, send everything twice. Each role takes
an exclusive `flock` on a file beside the database (`postes.db.sender-lock`); the kernel
releases it when the process dies, however it dies, so a restart never finds a stale lock.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

EXCLUSIVE_ROLES = ("scheduler", "sender")


class RoleTaken(Exception):
    """Another process holds a role this one asked for; the message is one French line."""


def lock_path(database_url: str, role: str) -> Path | None:
    """The lock file of `role` for a SQLite file database; None for other databases."""
    url = make_url(database_url)
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        return None
    return Path(database).with_name(f"{Path(database).name}.{role}-lock")


@contextmanager
def hold_role_locks(database_url: str, roles: Iterable[str]) -> Iterator[bool]:
    """Hold the locks of the exclusive `roles` for the block; yields whether any was taken
    (the database is a SQLite file: this process is then the only one with those roles)."""
    held: list[int] = []
    try:
        for role in roles:
            path = lock_path(database_url, role) if role in EXCLUSIVE_ROLES else None
            if path is None:
                continue
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                database = path.parent / path.stem
                raise RoleTaken(
                    f"un autre processus tient déjà le rôle « {role} » sur {database}"
                    " (SQLite : un seul à la fois ; PostgreSQL pour en lancer plusieurs)"
                ) from None
            held.append(fd)
        yield bool(held)
    finally:
        for fd in held:
            os.close(fd)
