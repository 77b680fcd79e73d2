"""Warm render time of one filing PDF (filings.pdf.render_filing) against a bare WeasyPrint render
of the same HTML and stylesheet, in the same run.

    DEBUG=1 .venv/bin/python bench/bench_pdf.py [--runs 10]

Builds a throwaway test database, one filed filing, then times both paths.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402
import tempfile  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)


def timed(fn, runs):
    fn()  # warm-up: fonts, caches
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), min(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    settings.MEDIA_ROOT = tempfile.mkdtemp()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from filings import pdf, uploads, workflow
        from orgs import services
        from orgs.models import Organization, User

        op = User.objects.create_superuser("bench", "b@example.com", "x")
        root = Organization.objects.add_root({"name": "四川省红十字会", "level": "province"})
        city = services.create_org(parent=root, by=op, name="资阳市红十字会", level="city")
        county = services.create_org(parent=city, by=op, name="雁江区红十字会", level="county")
        town = services.create_org(
            parent=county, by=op, name="莲花街道红十字会", level="town", category="town", headcount=5000
        )
        filing = workflow.start_filing(town, by=op)
        filing = workflow.save_filing(
            filing,
            by=op,
            host_unit="莲花街道办事处",
            address="示例路1号",
            unit_head="张测试",
            leader_name="李测试",
            leader_phone="13800000001",
            founded_on=date(2022, 10, 20),
            member_count=60,
            contact1_name="王测试",
            contact1_phone="13800000002",
            host_profile="概况。" * 40,
            host_profile_sealed_on=date(2022, 10, 21),
            party_opinion="同意成立。",
            party_opinion_sealed_on=date(2022, 10, 21),
        )
        for kind in ("election", "signed_scan"):
            uploads.add_attachment(
                filing, kind=kind, by=op, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
            )
        workflow.submit_filing(filing, by=op)
        filing = workflow.approve_filing(filing, by=op)

        html = pdf.render_html(filing)
        css = pdf.stylesheet_path()
        portal = timed(lambda: pdf.render_filing(filing), runs)
        bare = timed(lambda: HTML(string=html).write_pdf(stylesheets=[CSS(filename=css)]), runs)
        print(f"runs={runs} (after 1 warm-up each), seconds: median / min")
        print(f"render_filing (template + QR + fetcher + WeasyPrint): {portal[0]:.3f} / {portal[1]:.3f}")
        print(f"bare WeasyPrint, same HTML + CSS:                    {bare[0]:.3f} / {bare[1]:.3f}")
        print(f"overhead: {100 * (portal[0] / bare[0] - 1):+.1f}% (median)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
