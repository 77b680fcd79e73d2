"""The overdue list asks each unit about itself: a filing anywhere below a town never counts for it."""

from datetime import date

import pytest
from django.urls import reverse

from filings import uploads, workflow
from filings.models import Campaign as Deadline
from tests.filings.conftest import VALUES, pdf_upload

pytestmark = pytest.mark.django_db


def _file(org, staff, reviewer):
    filing = workflow.save_filing(workflow.start_filing(org, by=staff), by=staff, **{**VALUES, "name": org.name})
    uploads.add_attachment(filing, kind="election", upload=pdf_upload(), by=staff)
    uploads.add_attachment(filing, kind="signed_scan", upload=pdf_upload("scan.pdf"), by=staff)
    return workflow.approve_filing(workflow.submit_filing(filing, by=staff), by=reviewer)


def test_town_whose_village_filed_but_not_itself_is_still_overdue(cast, seals, login):
    Deadline.objects.create(org=cast.d1, deadline=date(2022, 11, 15))
    _file(cast.v1, cast.d1_admin, cast.d1_reviewer)  # 莲花社区, below 莲花街道, is filed
    cast.v1.refresh_from_db()
    assert cast.v1.status == "filed"
    orgs = set(login(cast.d1_reviewer).get(reverse("filings:overdue")).context["orgs"])
    assert orgs == {cast.t1, cast.t2}  # 莲花街道 itself never filed
