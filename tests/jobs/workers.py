"""Real worker processes for the tests that kill them or cut their database: ``manage.py
jobs_worker`` against the test database (PostgreSQL: the worker is another process)."""

import os
import subprocess
import sys
import time
from pathlib import Path

from filings import uploads, workflow
from orgs import services
from tests.faults import database_url
from tests.filings.conftest import VALUES, pdf_upload

ROOT = Path(__file__).resolve().parents[2]


def env(settings, **extra) -> dict:
    return {**os.environ, "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "DATABASE_URL": database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT), "JOBS_TEMP_DIR": str(settings.JOBS_TEMP_DIR),
            "JOBS_HEARTBEAT_SECONDS": "0.2", "JOBS_STALE_SECONDS": "3", "JOBS_SWEEP_SECONDS": "0.5",
            "SECRET_KEY": settings.SECRET_KEY, **extra}


def start(environment: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", "jobs_worker", "--interval", "0.2", "--no-startup-delay",
                             "--no-reload"], cwd=ROOT, env=environment, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for(check, *, timeout: float = 60, what: str = "", log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def submitted_filings(cast, n: int) -> None:
    """``n`` submitted filings under 莲花街道 (so in 雁江区's review queue)."""
    for i in range(n):
        org = services.create_org(parent=cast.t1, by=cast.operator, name=f"测试{i}社区红十字会", level="village",
                                  category="community")
        filing = workflow.save_filing(workflow.start_filing(org, by=cast.t1_staff), by=cast.t1_staff,
                                      **{**VALUES, "name": org.name})
        uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=cast.t1_staff)
        uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload("scan.pdf"), by=cast.t1_staff)
        workflow.submit_filing(filing, by=cast.t1_staff)
