"""The 14-item table of seed 002 (附件1) for a large subtree, against one hand-written SQL query.

Run on PostgreSQL with generated data (see bench/RESULTS-stats.md for the exact commands):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/redcross_bench DEBUG=1 \
        .venv/bin/python bench/bench_stats.py --runs 7

Both sides compute the same figures for the same root and date in the same process; the script
checks that they agree before it reports any time. The floor is a single SQL statement written
by hand with the same as-of rules as ``reports/statistics.py``.
"""

import argparse
import os
import statistics as stats
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from orgs.models import TERM_YEARS, Organization  # noqa: E402
from reports import statistics  # noqa: E402

FLOOR_SQL = """
WITH o AS (
    SELECT id, level, founded_on FROM orgs_organization
    WHERE path LIKE %(prefix)s
      AND (founded_on IS NULL OR founded_on <= %(on)s)
      AND (dissolved_on IS NULL OR dissolved_on > %(on)s)
), ev AS (
    SELECT org_id, kind, max(occurred_on) AS last FROM orgs_governanceevent
    WHERE occurred_on <= %(on)s AND org_id IN (SELECT id FROM o WHERE level IN ('city', 'county'))
    GROUP BY org_id, kind
), org_items AS (
    SELECT
      count(*) FILTER (WHERE o.level = 'county' AND r.org_id IS NOT NULL) AS i1,
      count(*) FILTER (WHERE o.level = 'city' AND (e.last IS NULL OR e.last <= %(cutoff)s)) AS i2,
      count(*) FILTER (WHERE o.level = 'county' AND (e.last IS NULL OR e.last <= %(cutoff)s)) AS i3,
      count(*) FILTER (WHERE o.level = 'city' AND p.org_id IS NOT NULL) AS i4,
      count(*) FILTER (WHERE o.level = 'county' AND p.org_id IS NOT NULL) AS i5,
      count(*) FILTER (WHERE o.level = 'city' AND b.org_id IS NOT NULL) AS i6,
      count(*) FILTER (WHERE o.level = 'county' AND b.org_id IS NOT NULL) AS i7,
      count(*) FILTER (WHERE o.level IN ('town', 'department', 'village', 'unit') AND o.founded_on IS NOT NULL) AS i8
    FROM o
    LEFT JOIN ev r ON r.org_id = o.id AND r.kind = 'management_rationalised'
    LEFT JOIN ev e ON e.org_id = o.id AND e.kind = 'general_election'
    LEFT JOIN ev p ON p.org_id = o.id AND p.kind = 'party_group'
    LEFT JOIN ev b ON b.org_id = o.id AND b.kind = 'supervisory_board'
), member_items AS (
    SELECT count(*) FILTER (WHERE m.kind = 'group') AS i9,
           count(*) FILTER (WHERE m.kind = 'adult') AS i10,
           count(*) FILTER (WHERE m.kind = 'youth') AS i11
    FROM members_spell s
    JOIN members_member m ON m.id = s.member_id
    JOIN orgs_organization so ON so.id = s.org_id
    WHERE so.path LIKE %(prefix)s AND s.start <= %(on)s AND (s."end" IS NULL OR s."end" > %(on)s)
)
SELECT org_items.*, member_items.*,
  (SELECT count(*) FROM volunteers_volunteerspell v JOIN orgs_organization vo ON vo.id = v.org_id
   WHERE vo.path LIKE %(prefix)s AND v.start <= %(on)s AND (v."end" IS NULL OR v."end" > %(on)s)) AS i12,
  (SELECT count(*) FROM volunteers_serviceteam t JOIN orgs_organization tog ON tog.id = t.org_id
   WHERE tog.path LIKE %(prefix)s AND t.founded_on <= %(on)s
     AND (t.dissolved_on IS NULL OR t.dissolved_on > %(on)s)) AS i13,
  (SELECT coalesce(sum(r.hours), 0) FROM volunteers_servicerecord r
   JOIN orgs_organization ro ON ro.id = r.credited_org_id
   WHERE ro.path LIKE %(prefix)s AND r.status = 'approved' AND r.served_on <= %(on)s) AS i14
FROM org_items, member_items
"""


def floor(root: Organization, on: date) -> dict[int, float]:
    cutoff = statistics.years_before(on, TERM_YEARS)
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, {"prefix": root.path + "%", "on": on, "cutoff": cutoff})
        row = cursor.fetchone()
    return {n: float(v) for n, v in zip(range(1, 15), row, strict=True)}


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm: plans and caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return stats.median(times), min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--org", type=int, help="root org id (default: the first province)")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 6, 30))
    args = parser.parse_args()
    root = (Organization.objects.get(pk=args.org) if args.org
            else Organization.objects.filter(depth=1).order_by("path").first())
    on = args.as_of
    portal = {n: float(v) for n, v in statistics.survey(root, on).items()}
    hand = floor(root, on)
    if portal != hand:
        sys.exit(f"figures differ:\nportal {portal}\nfloor  {hand}")
    sizes = {
        "orgs": Organization.objects.filter(path__startswith=root.path).count(),
        "members (open spells)": portal[9] + portal[10] + portal[11],
        "volunteers": portal[12], "service hours": portal[14],
    }
    p_med, p_min = timed(lambda: statistics.survey(root, on), args.runs)
    f_med, f_min = timed(lambda: floor(root, on), args.runs)
    print(f"root: {root.name} ({root.get_level_display()}), as of {on}, {connection.vendor}")
    print("sizes:", {k: int(v) for k, v in sizes.items()})
    print("figures:", {n: int(v) if v == int(v) else v for n, v in portal.items()})
    print(f"portal statistics.survey: median {p_med * 1000:.0f} ms, min {p_min * 1000:.0f} ms")
    print(f"hand-written SQL floor:   median {f_med * 1000:.0f} ms, min {f_min * 1000:.0f} ms")
    print(f"ratio (median): {p_med / f_med:.2f}x  (goal ≤ 1.5x)")


if __name__ == "__main__":
    main()
