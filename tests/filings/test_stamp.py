"""Row 19: a filed filing is read-only and its stamped PDF verifiable by SHA-256."""

import pytest
from django.core.exceptions import ValidationError

from filings import workflow

pytestmark = pytest.mark.django_db


def test_stamped_pdf_verifies_and_a_tampered_copy_does_not(submitted_filing, cast):
    filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    filing.refresh_from_db()
    data = filing.stamped_pdf.read()
    assert workflow.verify_pdf(filing, data)
    assert not workflow.verify_pdf(filing, data.replace(b"%%EOF", b"%%EOF\n% tampered"))


def test_filed_filing_cannot_be_edited(submitted_filing, cast):
    workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    with pytest.raises(ValidationError):
        workflow.save_filing(submitted_filing, by=cast.t1_staff, host_unit="改动")
    submitted_filing.refresh_from_db()
    assert submitted_filing.host_unit != "改动"
