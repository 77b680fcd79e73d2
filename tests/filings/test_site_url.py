"""PORTAL["SITE_URL"] comes from the environment and is what the filed PDF's QR code opens."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from filings import pdf, workflow

ROOT = Path(__file__).resolve().parents[2]


def test_site_url_is_read_from_the_environment():
    env = {**os.environ, "DEBUG": "1", "SITE_URL": "https://portal.example.cn/"}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.PORTAL['SITE_URL'])"],
        env={**env, "DJANGO_SETTINGS_MODULE": "redcross_portal.settings"}, cwd=ROOT, capture_output=True,
        text=True, check=True)
    assert out.stdout.strip() == "https://portal.example.cn/"


@pytest.mark.django_db
def test_verification_link_of_the_qr_code_uses_site_url(cast, settings):
    settings.PORTAL = {**settings.PORTAL, "SITE_URL": "https://portal.example.cn/"}
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    assert pdf.verify_url(filing) == f"https://portal.example.cn/filings/verify/{filing.token}/"
