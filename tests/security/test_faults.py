"""Faults on PostgreSQL (checklist row 20): a connection killed in the middle of a
request answers a clean Chinese page and the next request recovers by itself; an import process
killed in the middle of saving leaves no rows. Deselected on SQLite (``conftest.py``)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from django.core.signals import request_started
from django.db import close_old_connections, connection, connections
from django.test import Client
from django.urls import reverse

from members.models import Member, MemberCounter, Spell
from members.resources import COLUMNS
from tests.members.factories import ids

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _query(sql, params=()):
    """Run ``sql`` on a second, separate connection to the same (test) database."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    finally:
        other.close()


def _own_backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _kill_backend(pid: int) -> None:
    _query("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def server_connection_handling():
    """Django's test client unhooks ``close_old_connections`` from ``request_started`` (to keep a
    test's transaction); a real server runs it at the start of every request, which is where a
    dead connection is noticed (``CONN_HEALTH_CHECKS``) and replaced. Hook it back in."""
    def recycle(**kwargs):
        close_old_connections()

    request_started.connect(recycle)
    yield
    request_started.disconnect(recycle)


def test_connection_killed_mid_request_gives_a_clean_page_and_the_next_request_works(
        cast, server_connection_handling):
    client = Client(raise_request_exception=False)
    client.force_login(cast.t1_staff)
    assert client.get(reverse("orgs:tree")).status_code == 200

    def kill_own_backend(**kwargs):
        pid = _own_backend_pid()  # the request's one health check passes here…
        _kill_backend(pid)  # …then the connection dies in the middle of the request

    request_started.connect(kill_own_backend)
    try:
        broken = client.get(reverse("orgs:tree"))
    finally:
        request_started.disconnect(kill_own_backend)
    body = broken.content.decode()
    assert broken.status_code == 503 and "数据库暂时无法连接" in body and "Traceback" not in body
    recovered = client.get(reverse("orgs:tree"))
    assert recovered.status_code == 200 and cast.t1.name in recovered.content.decode()


def test_connection_killed_between_requests_is_replaced_by_the_health_check(cast, server_connection_handling):
    client = Client(raise_request_exception=False)
    client.force_login(cast.t1_staff)
    assert client.get(reverse("orgs:tree")).status_code == 200
    _kill_backend(_own_backend_pid())
    assert client.get(reverse("orgs:tree")).status_code == 200  # CONN_HEALTH_CHECKS reconnects first


def _sheet(path: Path, n: int) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([h for h, _ in COLUMNS])
    for i, id_number in enumerate(ids(n)):
        ws.append(["成人会员", f"会员{i}", id_number, "13800000000", "否", "", "", "", "2025-03-01"])
    wb.save(path)


def test_import_process_killed_while_saving_leaves_no_rows(cast, tmp_path):
    path = tmp_path / "members.xlsx"
    _sheet(path, 20_000)
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    proc = subprocess.Popen([sys.executable, "manage.py", "import_members", str(path), "--org", str(cast.t1.pk)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen_insert = False
    watcher = connections.create_connection("default")
    deadline = time.monotonic() + 120
    with watcher.cursor() as cursor:
        while time.monotonic() < deadline and proc.poll() is None:
            # the import writes its rows with INSERT or, on PostgreSQL, COPY (lib/bulk.py)
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND xact_start IS NOT NULL "
                           "AND (query ILIKE 'INSERT INTO \"members_%%' OR query ILIKE 'COPY \"members_%%'"
                           " OR query ILIKE 'COPY members_%%')", [s["NAME"]])
            if cursor.fetchone()[0]:
                seen_insert = True
                os.kill(proc.pid, signal.SIGKILL)  # the worker dies in the middle of its transaction
                break
            time.sleep(0.005)
    watcher.close()
    proc.wait(timeout=30)
    assert seen_insert, "the import finished before it could be killed: " + proc.stderr.read().decode()[-500:]
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.5)  # PostgreSQL notices the dropped connection and rolls its transaction back
    assert Member.objects.count() == 0 and Spell.objects.count() == 0
    assert not MemberCounter.objects.filter(last__gt=0).exists()
