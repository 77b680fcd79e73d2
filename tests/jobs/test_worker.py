"""A job run end to end by a real ``manage.py db_worker`` process on the database queue.

PostgreSQL only (``postgres`` marker): the worker is another process and must see the test
database, which on SQLite lives in this process's memory. CI runs the suite on PostgreSQL too.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.http import QueryDict

from jobs.models import Job, JobStatus
from members import services as members
from members import tasks
from tests.members.factories import ids

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_db_worker_process_runs_a_member_export(cast, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    made = [members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name=f"会员{i}", id_number=v,
                                  phone="13812345678") for i, v in enumerate(ids(7, start=4000))]
    job = tasks.start_export(by=cast.t1_staff, filters=QueryDict())
    assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING  # queued, not run in this process

    db = connection.settings_dict
    env = {**os.environ, "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    done = subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.message == "已导出 7 名会员。"
    assert (job.done, job.total) == (7, 7)
    with job.file.open("rb") as f:
        ws = openpyxl.load_workbook(io.BytesIO(f.read())).active
    assert [c.value for c in ws["A"]][2:] == sorted(m.number for m in made)
