"""Cost of the re-sealing data migrations (members 0004 and 0005, volunteers 0003) on 2,000,000
rows each, on PostgreSQL, against a floor measured in the same run: a set-based UPDATE rewriting the
same columns of the same rows (no Python, no crypto), and the crypto alone (no database).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc_dated_bench \\
        .venv/bin/python bench/bench_reseal.py [rows]

The database is wiped first (its public schema is dropped): point it at a scratch database only.
Rows are generated set-based (INSERT ... SELECT generate_series) at the state before the migrations.
"""

import importlib
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000


def timed(label, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"{label}: {time.perf_counter() - t0:.1f} s", flush=True)
    return out


def sql(statement):
    with connection.cursor() as cursor:
        cursor.execute(statement)


def fresh():
    sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", "members", "0003", verbosity=0)
    call_command("migrate", "volunteers", "0002", verbosity=0)
    sql("""INSERT INTO orgs_organization (path, depth, numchild, name, level, category, form, host_unit, address,
           unit_head, status, created_at) VALUES ('0001', 1, 0, '基准红十字会', 'town', 'town', '', '', '', '',
           'active', now())""")


def fill():
    # unique 18-digit numbers (the blind index is unique); the old index is any unique 64 characters
    sql(f"""INSERT INTO members_member (kind, name, gender, id_number, id_hash, in_school, phone, credit_code,
            contact_person, joined_on, number, status, created_at, org_id)
            SELECT 'adult', '会员' || i, 'M', '5105' || lpad(i::text, 13, '0') || '0', md5(i::text) || md5('m' || i),
                   false, '13800000000', '', '', DATE '2025-03-01', 'B' || i, 'active', now(),
                   (SELECT id FROM orgs_organization)
            FROM generate_series(1, {N}) AS i""")
    sql(f"""INSERT INTO volunteers_volunteer (name, gender, resident_id, resident_id_hash, phone, skills,
            registered_on, status, org_id)
            SELECT '志愿者' || i, 'male', '5105' || lpad(i::text, 13, '0') || '0', md5(i::text) || md5('v' || i),
                   '13800000000', '', DATE '2025-03-01', 'active', (SELECT id FROM orgs_organization)
            FROM generate_series(1, {N}) AS i""")
    sql("VACUUM ANALYZE members_member")
    sql("VACUUM ANALYZE volunteers_volunteer")


def floor():
    """The same rows, the same two columns (one of them uniquely indexed) rewritten by the server alone."""
    sql("""UPDATE members_member SET id_number = id_number || '', id_hash = md5(id_hash) || md5(id_number)
           WHERE id_number <> ''""")
    sql("VACUUM ANALYZE members_member")


def crypto_only():
    seal = importlib.import_module("members.migrations.0004_seal_id_numbers")
    fernet, key = seal._fernet(), seal._hash_key()
    import hashlib
    import hmac
    for i in range(N):
        plain = seal._normalize(f"5105{i:013d}0")
        fernet.encrypt(plain.encode())
        hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()


def count(statement):
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchone()[0]


def main():
    assert connection.vendor == "postgresql", "run against PostgreSQL (DATABASE_URL=postgres://...)"
    print(f"rows: {N:,} members + {N:,} volunteers; load average {os.getloadavg()[0]:.1f}", flush=True)
    timed("fresh schema at members 0003 / volunteers 0002", fresh)
    timed("generate rows (INSERT ... SELECT generate_series, both tables, + VACUUM ANALYZE)", fill)
    timed("floor: set-based UPDATE of id_number + id_hash on every member (+ VACUUM ANALYZE)", floor)
    timed("crypto alone: normalise + Fernet seal + HMAC of N values, no database", crypto_only)
    timed("migrate members 0004 (seal + new blind index)", lambda: call_command("migrate", "members", "0004",
                                                                                 verbosity=0))
    timed("migrate members 0005 (add id_tail + index, unseal each for its tail)",
          lambda: call_command("migrate", "members", "0005", verbosity=0))
    timed("migrate volunteers 0003 (seal + new blind index)",
          lambda: call_command("migrate", "volunteers", "0003", verbosity=0))
    left = count("SELECT count(*) FROM members_member WHERE id_number NOT LIKE 'gAAAAA%%' OR id_tail = ''")
    left += count("SELECT count(*) FROM volunteers_volunteer WHERE resident_id NOT LIKE 'gAAAAA%%'")
    print(f"rows left unsealed or without a tail: {left}")
    # a rerun after completion: what resuming costs when nothing is left to do
    state = MigrationLoader(connection).project_state(("members", "0005_id_tail"))
    seal = importlib.import_module("members.migrations.0004_seal_id_numbers")
    timed("rerun members 0004's seal on the sealed table (finds nothing to do)",
          lambda: seal.seal(state.apps, SimpleNamespace(connection=connection)))


if __name__ == "__main__":
    main()
