"""What one request to each load-test page costs, in process, with no other load: wall time
(median and fastest), the portal process's own CPU time (views, forms, templates; PostgreSQL's
work is not in it), the number of SQL statements and the time spent waiting on them. The same
pages, accounts and data as bench/load_test.sh (bench/session_cookies.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/redcross_scale SECRET_KEY=<the data's key> \\
        DEBUG=0 ALLOWED_HOSTS=127.0.0.1 .venv/bin/python bench/page_costs.py [--repeat 20] [--profile NAME] [--extra]

``--profile`` prints cProfile's top functions (``--sort tottime`` for own time) for the page whose
name contains NAME.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.session_cookies import targets  # noqa: E402


class SqlTimer:
    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start


def measure(client, path, repeat):
    walls, cpus, sqls, counts = [], [], [], []
    for _ in range(repeat):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(path, HTTP_X_FORWARDED_PROTO="https")
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (path, response.status_code)
        sqls.append(timer.seconds)
        counts.append(timer.count)
    return (statistics.median(walls) * 1000, min(walls) * 1000, statistics.median(cpus) * 1000,
            statistics.median(sqls) * 1000, max(counts), len(response.content))


def extra_targets():
    """Pages that once listed everything in scope (bench/RESULTS-load.md), measured with ``--extra``."""
    from bench import actors
    from volunteers.models import Activity, Volunteer

    where = actors.places()
    city_admin = actors.accounts(where)["city_admin"]
    activity = Activity.objects.filter(org__path__startswith=where.city.path).order_by("pk").first()
    name = Volunteer.objects.filter(org__path__startswith=where.city.path).order_by("pk").values_list(
        "name", flat=True).first()
    return [
        ("activity form of a city admin", city_admin, reverse("volunteers:activity_create")),
        ("activity page of a city admin, roster search", city_admin,
         f"{reverse('volunteers:activity', args=[activity.pk])}?{urlencode({'q': name[:2]})}"),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
    parser.add_argument("--extra", action="store_true", help="also the pages that were once too big at scale")
    args = parser.parse_args()
    print("| page | median ms | fastest ms | portal CPU ms | SQL ms | queries | bytes |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, user, path in targets() + (extra_targets() if args.extra else []):
        client = Client(HTTP_HOST="127.0.0.1")
        if user:
            client.force_login(user)
        client.get(path, HTTP_X_FORWARDED_PROTO="https")  # warm: caches, connections, templates
        wall, fastest, cpu, sql, count, size = measure(client, path, args.repeat)
        print(f"| {name} | {wall:.1f} | {fastest:.1f} | {cpu:.1f} | {sql:.1f} | {count} | {size:,} |")
        if args.profile and args.profile in name:
            profiler = cProfile.Profile()
            profiler.runcall(measure, client, path, args.repeat)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats(args.sort).print_stats(45)


if __name__ == "__main__":
    main()
