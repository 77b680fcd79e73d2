"""What signing adds to the PDF of record, and what an upload verification costs: warm timings
of the render alone (filings.pdf.render_filing), the PAdES signature of that PDF
(signing.pdfsign.sign) and the validation of the signed file (signing.pdfsign.verify).

    DEBUG=1 .venv/bin/python bench/bench_signing.py [--runs 10]

Builds a throwaway test database with one filed filing and the deployment CA.
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
        from demo.seal import seal_png
        from filings import pdf, uploads, workflow
        from orgs import services
        from orgs.models import Organization, User
        from signing import pdfsign
        from signing import services as signing

        op = User.objects.create_superuser("bench", "b@example.com", "x")
        root = Organization.objects.add_root({"name": "四川省红十字会", "level": "province"})
        city = services.create_org(parent=root, by=op, name="资阳市红十字会", level="city")
        county = services.create_org(parent=city, by=op, name="雁江区红十字会", level="county")
        town = services.create_org(parent=county, by=op, name="莲花街道红十字会", level="town", category="town",
                                   headcount=5000)
        uploads.set_seal(county, upload=SimpleUploadedFile("seal.png", seal_png("雁江区红十字会")), by=op)
        filing = workflow.save_filing(
            workflow.start_filing(town, by=op), by=op, host_unit="莲花街道办事处", address="示例路1号",
            unit_head="张测试", leader_name="李测试", leader_phone="13800000001", founded_on=date(2022, 10, 20),
            member_count=60, contact1_name="王测试", contact1_phone="13800000002", host_profile="概况。" * 40,
            host_profile_sealed_on=date(2022, 10, 21), party_opinion="同意成立。",
            party_opinion_sealed_on=date(2022, 10, 21))
        for kind in ("election", "signed_scan"):
            uploads.add_attachment(filing, kind=kind, by=op, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"))
        filing = workflow.approve_filing(workflow.submit_filing(filing, by=op), by=op)
        signing.create_ca()
        cert = signing.certificate_for(county)

        data = pdf.render_filing(filing)
        page, box = data.seal_place
        render = timed(lambda: pdf.render_filing(filing), runs)
        sign = timed(lambda: pdfsign.sign(data, cert, page=page, box=box, document="bench"), runs)
        signed = pdfsign.sign(data, cert, page=page, box=box, document="bench")
        verify = timed(lambda: pdfsign.verify(signed), runs)
        print(f"runs={runs} (after 1 warm-up each), seconds: median / min; PDF {len(data)} → {len(signed)} bytes")
        print(f"render (WeasyPrint, seal box):        {render[0]:.3f} / {render[1]:.3f}")
        print(f"sign (pyHanko PAdES B-B, RSA-2048):   {sign[0]:.3f} / {sign[1]:.3f}")
        print(f"verify an upload (pyHanko validator): {verify[0]:.3f} / {verify[1]:.3f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
