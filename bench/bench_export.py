"""Export a million members to .xlsx: the portal's export against raw openpyxl on one SQL cursor.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/redcross_lists \\
        .venv/bin/python bench/bench_export.py [--members 1000000]

The database must hold generated data (``manage.py generate_scale_data --members 1000000``); the
script runs it when there are fewer members than asked. Each side runs in its own fresh process,
so that its peak RSS (``ru_maxrss``) is its own:

* portal: ``members.tasks.export_queryset`` (scoped to a province admin, ``with_lapse``, filters)
  fed to ``members.excel.export_members`` (``iterator(chunk_size)`` → openpyxl write-only → file),
  exactly what the background job runs;
* raw: one server-side SQL cursor (the same columns, the lapse rule in SQL) → the same labels and
  masking → openpyxl write-only, no ORM.

Both files are checked to hold the same rows before the figures are printed.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")


def _setup():
    import django

    django.setup()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _admin():
    from orgs.models import Organization, User

    root = Organization.get_first_root_node()
    user, _ = User.objects.get_or_create(username="bench_export_admin",
                                         defaults={"org": root, "role": "admin", "full_name": "基准测试"})
    return user


def run_portal(out: str) -> dict:
    from members import excel, tasks

    user = _admin()
    before = _rss_mb()
    started = time.perf_counter()
    rows = excel.export_members(tasks.export_queryset(user, {}), out)
    return {"rows": rows, "seconds": time.perf_counter() - started, "rss_before_mb": before,
            "peak_rss_mb": _rss_mb()}


RAW_SQL = """
SELECT m.number, m.kind, m.name, m.gender, m.id_number, m.phone, m.credit_code, o.name, m.joined_on, m.status,
       (m.status = 'active' AND EXTRACT(YEAR FROM m.joined_on) <= %(year)s - 2
        AND m.dues_years & ((1::bigint << (%(year)s - 1 - 2000)) | (1::bigint << (%(year)s - 2 - 2000))) = 0)
FROM members_member m JOIN orgs_organization o ON o.id = m.org_id
WHERE o.path LIKE %(path)s
ORDER BY m.number
"""


def run_raw(out: str) -> dict:
    from django.db import connection
    from django.utils import timezone
    from openpyxl import Workbook

    from lib import identity
    from members import pii
    from members.excel import EXPORT_HEADER
    from members.models import Gender, Kind, Status

    user = _admin()
    kinds, genders, statuses = dict(Kind.choices), dict(Gender.choices), dict(Status.choices)
    before = _rss_mb()
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("会员")
    ws.append(EXPORT_HEADER)
    rows = 0
    with connection.chunked_cursor() as cursor:  # a server-side cursor on PostgreSQL
        cursor.execute(RAW_SQL, {"year": timezone.localdate().year, "path": user.org.path + "%"})
        while batch := cursor.fetchmany(2000):
            for number, kind, name, gender, id_number, phone, credit, org, joined, status, lapsed in batch:
                ws.append([number, kinds[kind], name, genders.get(gender, ""), pii.masked_id(id_number),
                           identity.mask_phone(phone), credit, org, joined,
                           statuses[Status.LAPSED if lapsed else status]])
                rows += 1
    wb.save(out)
    return {"rows": rows, "seconds": time.perf_counter() - started, "rss_before_mb": before,
            "peak_rss_mb": _rss_mb()}


def _same_rows(a: str, b: str) -> bool:
    """Compare the two sheets row by row (streamed, read-only)."""
    from openpyxl import load_workbook

    wa, wb = load_workbook(a, read_only=True), load_workbook(b, read_only=True)
    try:
        rows_a = wa.worksheets[0].iter_rows(values_only=True)
        rows_b = wb.worksheets[0].iter_rows(values_only=True)
        return all(x == y for x, y in zip(rows_a, rows_b, strict=True))
    finally:
        wa.close()
        wb.close()


def _child(side: str, out: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--side", side, "--out", out], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--side", choices=["portal", "raw"])
    parser.add_argument("--out")
    parser.add_argument("--no-check", action="store_true", help="skip the row-by-row comparison")
    args = parser.parse_args()
    _setup()
    if args.side:
        result = (run_portal if args.side == "portal" else run_raw)(args.out)
        print(json.dumps(result))
        return

    from django.core.management import call_command
    from django.db import connection

    from members.models import Member

    if Member.objects.count() < args.members:
        call_command("generate_scale_data", members=args.members, volunteers=1000, orgs=1000,
                     service_records=1000)
    tmp = Path(tempfile.mkdtemp())
    portal = _child("portal", str(tmp / "portal.xlsx"))
    print("portal", json.dumps(portal), flush=True)
    raw = _child("raw", str(tmp / "raw.xlsx"))
    print("raw", json.dumps(raw), flush=True)
    same = None if args.no_check else _same_rows(str(tmp / "portal.xlsx"), str(tmp / "raw.xlsx"))
    for side in (portal, raw):
        side["rows_per_s"] = side["rows"] / side["seconds"]
    print(f"database: {connection.vendor}, members in the database: {Member.objects.count():,}")
    print(f"{'':8}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'RSS before':>12}{'peak RSS':>10}")
    for label, side in (("portal", portal), ("raw", raw)):
        print(f"{label:8}{side['rows']:>10,}{side['seconds']:>10.1f}{side['rows_per_s']:>10,.0f}"
              f"{side['rss_before_mb']:>9.0f} MB{side['peak_rss_mb']:>7.0f} MB")
    print(f"portal / raw rows/s: {portal['rows_per_s'] / raw['rows_per_s']:.2f} (goal ≥ 0.70); "
          f"portal peak RSS {portal['peak_rss_mb']:.0f} MB (goal < 300 MB); "
          f"file sizes {os.path.getsize(tmp / 'portal.xlsx') / 1e6:.0f} MB / "
          f"{os.path.getsize(tmp / 'raw.xlsx') / 1e6:.0f} MB; "
          f"same rows: {same}")


if __name__ == "__main__":
    main()
