"""Restore a million members: ``manage.py restore`` against bare COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc_jobs_bench SECRET_KEY=<the data's key> \\
        .venv/bin/python bench/bench_restore.py [--members 1000000] [--keep-archive PATH]

The source database must hold generated data; the script migrates it and runs
``generate_scale_data`` when it holds fewer members than asked. Then, each step a process of
its own, as an operator runs them:

1. ``manage.py backup`` of the source (timed);
2. a new database ``<source>_restore`` is created and migrated (not timed), and
   ``manage.py restore`` loads the archive into it (timed: checks, COPY of every table, the
   per-table SHA-256 and counts, sequences, files, commit);
3. the floor, in the same run: a new database ``<source>_floor`` is created and migrated, the
   same rows are copied out of the source with ``COPY … TO`` into files (not timed), and loaded
   back with bare ``COPY … FROM`` in one transaction (timed, commit and its foreign-key checks
   included) — what PostgreSQL itself needs for these rows, with no Python in between.

Both targets are checked to hold as many rows per table as the source before the figures print.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")


def manage(url: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": url, "DEBUG": "0"})
    return time.perf_counter() - started


def with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def fresh(url: str) -> str:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_name(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage(url, "migrate", "--noinput", "-v0")
    return url


def tables(url: str) -> dict[str, list[str]]:
    """The portal's tables that a backup holds, with their columns (Django's own view of them)."""
    import django

    django.setup()
    from lib.backup import tables as backup_tables

    return {m._meta.db_table: [f.column for f in backup_tables.columns(m)] for m in backup_tables.models()}


def counts(url: str, names) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in names}


def floor(source: str, target: str, layout: dict[str, list[str]], folder: Path) -> float:
    import psycopg

    files = {}
    quoted = {table: ", ".join(f'"{c}"' for c in cols) for table, cols in layout.items()}
    with psycopg.connect(source) as src:
        for table in layout:
            path = folder / f"{table}.copy"
            with src.cursor().copy(f'COPY "{table}" ({quoted[table]}) TO STDOUT') as copy, open(path, "wb") as f:
                for block in copy:
                    f.write(block)
            files[table] = path
    started = time.perf_counter()
    with psycopg.connect(target) as dst:  # one transaction, committed on leaving the block
        dst.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in layout) + " CASCADE")
        for table in layout:
            with dst.cursor().copy(f'COPY "{table}" ({quoted[table]}) FROM STDIN') as copy, \
                    open(files[table], "rb") as f:
                while block := f.read(1 << 20):
                    copy.write(block)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--keep-archive", type=Path)
    args = parser.parse_args()
    source = os.environ["DATABASE_URL"]
    manage(source, "migrate", "--noinput", "-v0")
    layout = tables(source)
    if counts(source, ["members_member"])["members_member"] < args.members:
        manage(source, "generate_scale_data", f"--members={args.members}", "--volunteers=1000", "--orgs=1000",
               "--service-records=1000")
    expected = counts(source, layout)
    rows = sum(expected.values())

    with tempfile.TemporaryDirectory(dir=ROOT / "var") as tmp:
        folder = Path(tmp)
        archive = args.keep_archive or folder / "backup.zip"
        backup_s = manage(source, "backup", str(archive))
        print(f"backup: {backup_s:.1f} s", flush=True)
        name = urlsplit(source).path.lstrip("/")
        target = fresh(with_name(source, f"{name}_restore"))
        restore_s = manage(target, "restore", str(archive))
        print(f"restore: {restore_s:.1f} s", flush=True)
        assert counts(target, layout) == expected, "the restored database differs from the source"
        floor_db = fresh(with_name(source, f"{name}_floor"))
        floor_s = floor(source, floor_db, {t: c for t, c in layout.items() if expected[t]}, folder)
        print(f"floor: {floor_s:.1f} s", flush=True)
        assert counts(floor_db, layout) == expected
        size = archive.stat().st_size

    members = expected["members_member"]
    print(f"rows: {rows:,} in {sum(1 for n in expected.values() if n)} tables, of them {members:,} members; "
          f"archive {size / 1e6:,.0f} MB")
    print("| step | seconds | rows/s |")
    print("|---|---:|---:|")
    for step, seconds in (("manage.py backup", backup_s), ("manage.py restore", restore_s),
                          ("floor: bare COPY FROM of the same rows", floor_s)):
        print(f"| {step} | {seconds:,.1f} | {rows / seconds:,.0f} |")
    print(f"restore / floor: {restore_s / floor_s:.2f}×; 1,000,000 members restored in "
          f"{restore_s * 1_000_000 / members / 60:.1f} min (goal < 5 min)")


if __name__ == "__main__":
    main()
