"""Notices at the size of a large city: one body publishes to 5,000 recipient orgs; how long the
publish (5,000 receipt rows, one notification per recipient account), the receipt table, the
sent list, the Excel export of the receipt table and a recipient's page with its badges take.

    DEBUG=1 .venv/bin/python bench/bench_notices.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")
DB = Path(tempfile.gettempdir()) / "redcross_bench_notices.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from notices import services  # noqa: E402
from orgs.models import Organization, User  # noqa: E402

N = 5000


def timed(label, fn):
    with CaptureQueriesContext(connection) as q:
        start = time.perf_counter()
        result = fn()
        took = time.perf_counter() - start
    print(f"| {label} | {took:.2f} s | {len(q.captured_queries)} |")
    return result


def main():
    DB.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    root = Organization.add_root(name="演示省红十字会", level="province")
    body = root.add_child(name="演示市红十字会", level="city")
    Organization.objects.bulk_create(
        [Organization(name=f"第{i:05d}村红十字会", level="village", category="village", depth=3, numchild=0,
                      path=Organization._get_path(body.path, 3, i + 1)) for i in range(N)], batch_size=1000)
    Organization.objects.filter(pk=body.pk).update(numchild=N)
    body.refresh_from_db()
    publisher = User.objects.create_user("bench_pub", password="x", org=body, role="reviewer")
    villages = list(Organization.objects.filter(depth=3).order_by("path")[:N])
    User.objects.bulk_create([User(username=f"v{o.pk}", org=o, role="staff") for o in villages], batch_size=1000)
    reader = User.objects.get(org=villages[0])

    print("| step (5,000 recipient orgs, SQLite) | time | queries |\n|---|---:|---:|")

    def publish():
        with transaction.atomic():
            return services.publish(by=publisher, kind="notice", title="压力测试通知", reply_required=True,
                                    targets=services.recipients(body, levels=["village"]))

    notice = timed("publish (receipts + notifications after commit)", publish)
    client = Client(SERVER_NAME="localhost")
    client.force_login(publisher)
    timed("receipt table, first page of 100", lambda: client.get(reverse("notices:receipts", args=[notice.pk])))
    timed("sent list", lambda: client.get(reverse("notices:list"), {"box": "sent"}))
    def export():
        response = client.get(reverse("notices:export", args=[notice.pk]))
        assert response.status_code == 200, response.status_code
        return b"".join(response.streaming_content)

    timed("receipt table export (xlsx, 5,000 rows)", export)
    client.force_login(reader)
    timed("recipient's home page with both badges", lambda: client.get(reverse("home")))
    timed("recipient opens the notice", lambda: client.get(reverse("notices:detail", args=[notice.pk])))
    client.force_login(publisher)
    timed("remind the unread (4,999 orgs)",
          lambda: client.post(reverse("notices:remind", args=[notice.pk]), {"state": "unread"}))


if __name__ == "__main__":
    main()
