"""Faults caused for real, shared by the tests that need them: a folder nobody can write to, and
the database's connections cut from the server side (PostgreSQL)."""

import os
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections


@contextmanager
def unwritable(folder: Path):
    """``folder`` (and everything under it) refuses new files and writes until the block ends.
    Root ignores permission bits, so as root the folder is made immutable (``chattr +i``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder, *folder.rglob("*")]
    modes = {p: p.stat().st_mode for p in paths}
    as_root = os.geteuid() == 0
    try:
        if as_root:
            subprocess.run(["chattr", "-R", "+i", str(folder)], check=True)
        else:
            for p in paths:
                p.chmod(0o555 if p.is_dir() else 0o444)
        probe = folder / f".probe-{uuid.uuid4().hex}"
        try:
            probe.write_bytes(b"x")
        except OSError:
            pass
        else:
            probe.unlink()
            raise RuntimeError(f"could not make {folder} unwritable on this machine")
        yield folder
    finally:
        if as_root:
            subprocess.run(["chattr", "-R", "-i", str(folder)], check=True)
        else:
            for p, mode in modes.items():
                p.chmod(mode)


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def terminate_backends(*, keep_own: bool = True) -> int:
    """Cut every other connection to the test database from the server side (PostgreSQL), as a
    restarted database or a network cut would; returns how many were cut."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
                [connection.settings_dict["NAME"], own_pid() if keep_own else 0])
            return cursor.fetchone()[0]
    finally:
        other.close()


def own_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate(pid: int) -> None:
    """Cut one connection (by its server process id) from a second connection."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
