"""Field-level history of filings (django-simple-history; checklist row 17)."""

import pytest
from django.urls import reverse

from filings import uploads, workflow
from tests.filings.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def test_filing_page_shows_who_changed_which_field(complete_filing, cast, login):
    workflow.save_filing(complete_filing, by=cast.t1_staff, host_unit="莲花街道新办事处", leader_phone="13911112222")
    page = login(cast.d1_reviewer).get(reverse("filings:edit", args=[complete_filing.pk])).content.decode()
    html = page[page.index('data-testid="field-history"'):]
    assert "基层组织所在单位：莲花街道办事处 → 莲花街道新办事处" in html
    assert "139****2222" in html and "13911112222" not in html  # phones masked in history too
    assert "t1_staff" in html


def test_workflow_steps_are_in_the_history(submitted_filing, cast):
    workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    statuses = list(submitted_filing.history.order_by("history_id").values_list("status", flat=True))
    assert statuses[0] == "draft" and "submitted" in statuses and statuses[-1] == "filed"


def test_admin_history_page_lists_own_subtree_only(complete_filing, cast, login):
    uploads.add_attachment(complete_filing, kind="extra", upload=pdf_upload("annex.pdf"), by=cast.t1_staff)
    page = login(cast.d1_admin).get(reverse("filings:history")).content.decode()
    assert "莲花街道红十字会" in page and "annex.pdf" in page
    from tests.conftest import make_user

    other = make_user("d2_admin", cast.d2, "admin")
    page = login(other).get(reverse("filings:history")).content.decode()
    assert "annex.pdf" not in page and "莲花街道红十字会" not in page
    assert login(cast.t1_staff).get(reverse("filings:history")).status_code == 403
