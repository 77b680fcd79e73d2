"""The suite gives the same answers whatever the calling shell has exported: a developer who ran
``scripts/run.sh`` (DEBUG=1) or holds production values (ALLOWED_HOSTS, SECRET_KEY) in the shell
still tests the production behaviour."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = {"DEBUG": "1", "ALLOWED_HOSTS": "example.org", "SECRET_KEY": "x",
           "CSRF_TRUSTED_ORIGINS": "https://example.org", "SECURE_SSL_REDIRECT": "1", "SITE_URL": "http://example.org"}


def test_settings_sensitive_tests_pass_with_a_development_shell():
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_VERSION", "PORTAL_TEST_RUN", "PYTEST_CURRENT_TEST", "DATABASE_URL")}
    # the nested run uses an in-memory SQLite database, never the database of this run
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/security/test_http.py",
         "tests/filings/test_site_url.py"],
        cwd=ROOT, env={**env, **HOSTILE}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
