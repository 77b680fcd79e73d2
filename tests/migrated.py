"""A freshly migrated database beside the test database, for what must see a real one: several
processes sharing it (the cache), a restore into what ``migrate`` leaves (rows of data
migrations included). Import the fixture into a test module to use it."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[1]


def command_env(settings, url: str, **extra) -> dict:
    """The environment of a ``manage.py`` process on ``url``, with this test run's keys."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PII_", "REDIS_URL"))}
    return {**env, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": settings.SECRET_KEY,
            "PII_ENCRYPTION_KEY": settings.PII_ENCRYPTION_KEY, "PII_HASH_KEY": settings.PII_HASH_KEY,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT), "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "JOBS_TEMP_DIR": str(settings.JOBS_TEMP_DIR), **extra}


def manage(settings, url: str, *args, check=True, **env) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=command_env(settings, url, **env),
                          capture_output=True, text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done


def _admin(sql: str) -> None:
    """Run CREATE/DROP DATABASE on PostgreSQL (outside any transaction)."""
    other = connections.create_connection("default")
    other.settings_dict = {**other.settings_dict, "NAME": "postgres"}
    try:
        other.ensure_connection()
        other.connection.autocommit = True
        with other.connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        other.close()


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


class Databases:
    """``new()`` gives the URL of another freshly migrated database (a copy of one migrated once)."""

    def __init__(self, folder: Path, settings):
        self.folder, self.made = folder, []
        self.postgres = connection.vendor == "postgresql"
        if self.postgres:
            self.template = f"{connection.settings_dict['NAME']}_fresh_{uuid.uuid4().hex[:6]}"
            _admin(f'CREATE DATABASE "{self.template}"')
            self.made.append(self.template)
            manage(settings, _pg_url(self.template), "migrate", "--noinput", "-v0")
        else:
            self.template = folder / "fresh.sqlite3"
            manage(settings, f"sqlite:///{self.template}", "migrate", "--noinput", "-v0")

    def new(self) -> str:
        if self.postgres:
            name = f"{self.template}_{len(self.made)}"
            _admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
            self.made.append(name)
            return _pg_url(name)
        path = self.folder / f"db{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copy(self.template, path)
        return f"sqlite:///{path}"

    def drop(self) -> None:
        for name in reversed(self.made if self.postgres else []):
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def migrated(tmp_path_factory, django_db_blocker):
    from django.conf import settings

    with django_db_blocker.unblock():
        databases = Databases(tmp_path_factory.mktemp("migrated"), settings)
    yield databases
    with django_db_blocker.unblock():
        databases.drop()
