"""The public form's throttle and the short-lived link to an import's error rows hold across
web processes: two processes on one database share one cache (the database's cache table, or
Redis with ``REDIS_URL``), as several gunicorn workers or machines do."""

import json
import subprocess
import sys

import pytest

from tests.migrated import ROOT, command_env, migrated  # noqa: F401

pytestmark = pytest.mark.django_db


def _client(settings, url, *args):
    # DEBUG on: pages link static files without a collectstatic manifest
    done = subprocess.run([sys.executable, "-m", "tests.security.cache_client", *args], cwd=ROOT,
                          env=command_env(settings, url, DJANGO_SETTINGS_MODULE="redcross_portal.settings", DEBUG="1"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_public_form_throttle_is_shared_by_two_processes(migrated, settings):  # noqa: F811
    url = migrated.new()
    org = _client(settings, url, "setup")["org"]
    first = _client(settings, url, "apply", f"{org}:100")
    second = _client(settings, url, "apply", f"{org}:200")  # another process, the same address
    assert first == [302, 302, 302, 302]
    assert second == [302, 429, 429, 429]  # five an hour, however many processes answer


def test_import_error_link_works_from_another_process(migrated, settings):  # noqa: F811
    url = migrated.new()
    user = _client(settings, url, "setup")["user"]
    token = _client(settings, url, "import", str(user))
    assert _client(settings, url, "fetch", f"{user}:{token}") == [200] * 10
