"""Cost of sealing ID numbers (lib/pii.py): seal, unseal, masked display and the blind index for
10,000 synthetic IDs, and a masked export of 10,000 sealed members (each row unsealed to mask it).

    DEBUG=1 .venv/bin/python bench/bench_pii.py

Run ``bench/bench_import.py`` for the import path (it seals and writes history rows now).
"""

import io
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/redcross_bench_pii.sqlite3")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402

from lib.identity import id_check_char, mask_id  # noqa: E402
from members import excel  # noqa: E402
from members.models import Member, MemberCounter, Spell  # noqa: E402
from members.resources import COLUMNS  # noqa: E402
from orgs import pii  # noqa: E402
from orgs.models import Organization, User  # noqa: E402

N = 10_000


def ids(n):
    for i in range(n):
        born = date(1950 + (i // 1000) % 50, 1 + (i // 28) % 12, 1 + i % 28)
        first17 = f"510502{born:%Y%m%d}{i % 1000:03d}"
        yield first17 + id_check_char(first17)


def timed(label, fn):
    t0 = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t0
    print(f"{label}: {seconds:.3f} s ({seconds / N * 1e6:.0f} µs per value)")
    return out


def main():
    values = list(ids(N))
    sealed = timed("seal", lambda: [pii.seal(v) for v in values])
    plain = timed("unseal", lambda: [pii.unseal(s) for s in sealed])
    assert plain == values
    timed("mask_id on plain text (before)", lambda: [mask_id(v) for v in values])
    timed("masked_id = unseal + mask (now)", lambda: [pii.masked_id(s) for s in sealed])
    timed("id_hash (blind index)", lambda: [pii.id_hash(v) for v in values])

    call_command("migrate", verbosity=0)
    Spell.objects.all().delete()
    Member.objects.all().delete()
    MemberCounter.objects.all().delete()
    operator = User.objects.filter(username="bench-operator").first() or User.objects.create_superuser(
        "bench-operator", "bench@example.com", "bench-not-a-login")
    root = Organization.objects.filter(name="基准省红十字会").first() or Organization.objects.add_root(
        name="基准省红十字会", level="province")
    town = Organization.objects.filter(name="基准街道红十字会").first() or Organization.objects.add_child(
        root, name="基准街道红十字会", level="town", category="town")
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([h for h, _ in COLUMNS])
    for i, value in enumerate(values):
        ws.append(["成人会员", f"会员{i}", value, "13800000000", "否", "", "", town.pk, date(2025, 3, 1)])
    buf = io.BytesIO()
    wb.save(buf)
    result = excel.import_members(buf.getvalue(), by=operator, dry_run=False)
    assert result.saved == N
    queryset = Member.objects.with_lapse().filter(org=town).order_by("number")
    timed("masked export of 10,000 sealed members (members.excel.export_members)",
          lambda: excel.export_members(queryset))


if __name__ == "__main__":
    main()
