from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from filings import uploads, workflow

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

VALUES = dict(
    name="莲花街道红十字会",
    category="town",
    host_unit="莲花街道办事处",
    address="示例路1号",
    unit_head="张测试",
    headcount=5000,
    leader_name="李测试",
    leader_phone="13800000001",
    founded_on=date(2022, 10, 20),
    member_count=60,
    contact1_name="王测试",
    contact1_phone="13800000002",
    host_profile="莲花街道位于城区东部，下辖若干社区。",
    host_profile_sealed_on=date(2022, 10, 21),
    party_opinion="同意成立。",
    party_opinion_sealed_on=date(2022, 10, 21),
)


def pdf_upload(name="election.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def complete_filing(cast):
    """t1's filing, filled in with both required attachments, still a draft."""
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    filing = workflow.save_filing(filing, by=cast.t1_staff, **VALUES)
    uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=cast.t1_staff)
    uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload("scan.pdf"), by=cast.t1_staff)
    return filing


def seal_upload(name="seal.png"):
    from tests.security.hostile import png

    return SimpleUploadedFile(name, png(), content_type="image/png")


@pytest.fixture
def seals(cast):
    """Both districts hold an e-seal, as a district must before it may approve a filing."""
    uploads.set_seal(cast.d1, upload=seal_upload(), by=cast.d1_admin)
    uploads.set_seal(cast.d2, upload=seal_upload(), by=cast.operator)


@pytest.fixture
def submitted_filing(complete_filing, cast, seals):
    """t1's filing, submitted to 雁江区, which holds an e-seal (so that it can be approved)."""
    return workflow.submit_filing(complete_filing, by=cast.t1_staff)
