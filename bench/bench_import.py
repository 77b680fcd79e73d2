"""Time a member import against a bare bulk_create of the same rows (the floor), in one run.

    DEBUG=1 .venv/bin/python bench/bench_import.py --rows 10000     # a fresh SQLite file in /tmp
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/redcross_bench \
        .venv/bin/python bench/bench_import.py --rows 10000

The last line is ``ratio floor/portal time: X.XX`` (1.00 = as fast as the bare insert; the goal is
0.50 or more).

The database named by DATABASE_URL is migrated and its member tables are emptied: use a scratch one.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/redcross_bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from lib.identity import id_check_char  # noqa: E402
from members import excel  # noqa: E402
from members.models import Member, MemberCounter, Spell  # noqa: E402
from members.resources import COLUMNS  # noqa: E402
from orgs.models import Organization, User  # noqa: E402


def ids(n):
    for i in range(n):
        born = date(1950 + (i // 1000) % 50, 1 + (i // 28) % 12, 1 + i % 28)
        first17 = f"510502{born:%Y%m%d}{i % 1000:03d}"
        yield first17 + id_check_char(first17)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_ROWS", "10000")))
    n = parser.parse_args().rows
    call_command("migrate", verbosity=0)
    Spell.objects.all().delete()
    Member.objects.all().delete()
    MemberCounter.objects.all().delete()
    operator = User.objects.filter(username="bench-operator").first() or User.objects.create_superuser(
        "bench-operator", "bench@example.com", "bench-not-a-login")
    root = Organization.objects.filter(name="基准省红十字会").first() or Organization.objects.add_root(
        {"name": "基准省红十字会", "level": "province"})
    town = Organization.objects.filter(name="基准街道红十字会").first() or Organization.objects.add_child(
        root, {"name": "基准街道红十字会", "level": "town", "category": "town"})

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([h for h, _ in COLUMNS])
    for i, value in enumerate(ids(n)):
        ws.append(["成人会员", f"会员{i}", value, "13800000000", "否", "", "", town.pk, date(2025, 3, 1)])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()

    t0 = time.perf_counter()
    excel.read_rows(data)
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = excel.import_members(data, by=operator, dry_run=False)
    t_import = time.perf_counter() - t0
    assert not result.failed and result.saved == n, result.failed[:3]
    rows = list(Member.objects.filter(org=town).values(
        "kind", "name", "gender", "id_number", "id_hash", "birth_date", "phone", "org_id", "joined_on",
        "number"))

    Spell.objects.all().delete()
    Member.objects.all().delete()
    t0 = time.perf_counter()
    with transaction.atomic():
        Member.objects.bulk_create([Member(**r) for r in rows], batch_size=1000)
    t_bulk = time.perf_counter() - t0

    print(f"database: {connection.vendor}; rows: {n}")
    print(f"import_members (read + validate every row + number + bulk save + history): {t_import:.2f} s")
    print(f"  of which reading the workbook (zip checks + parse): {t_read:.2f} s")
    print(f"bare Member.objects.bulk_create of the same rows: {t_bulk:.2f} s")
    print(f"ratio floor/portal time: {t_bulk / t_import:.2f}")


if __name__ == "__main__":
    main()
