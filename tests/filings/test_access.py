"""The URL access matrix for filings: what siblings and other districts get (DESIGN.md §3)."""

import pytest
from django.urls import reverse

from filings import workflow

ON_FILING = ["edit", "review", "pdf"]
POST_ON_FILING = ["upload", "submit", "withdraw", "return", "approve"]


@pytest.fixture
def filed(submitted_filing, cast):
    return workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)


@pytest.mark.parametrize("who", ["t2_staff", "d2_reviewer", "t3_staff"])
def test_out_of_scope_users_get_404_on_t1_filing(submitted_filing, cast, login, who):
    client = login(getattr(cast, who))
    att = submitted_filing.attachments.first()
    for name in ON_FILING:
        assert client.get(reverse(f"filings:{name}", args=[submitted_filing.pk])).status_code == 404, name
    for name in POST_ON_FILING:
        assert client.post(reverse(f"filings:{name}", args=[submitted_filing.pk])).status_code == 404, name
    assert client.post(reverse("filings:start", args=[cast.t1.pk])).status_code == 404
    assert client.get(reverse("filings:attachment", args=[att.pk])).status_code == 404
    assert client.post(reverse("filings:attachment_delete", args=[att.pk])).status_code == 404


def test_role_and_method_answers(submitted_filing, cast, login, client):
    url = reverse("filings:edit", args=[submitted_filing.pk])
    assert client.get(url).status_code == 302  # anonymous → login
    staff = login(cast.t2_staff)
    assert staff.get(reverse("filings:queue")).status_code == 403
    assert staff.get(reverse("filings:overdue")).status_code == 403
    assert staff.post(reverse("filings:export_start")).status_code == 403
    assert staff.get(reverse("filings:seal")).status_code == 403
    assert staff.get(reverse("filings:seal_image")).status_code == 404
    assert staff.get(reverse("notifications:inbox")).status_code == 200
    assert staff.get(reverse("filings:submit", args=[submitted_filing.pk])).status_code == 405
    other = login(cast.d2_reviewer)
    assert other.get(reverse("filings:queue")).status_code == 200
    assert other.get(reverse("filings:seal")).status_code == 403


def test_verify_is_public(filed, client):
    assert client.get(reverse("filings:verify", args=[filed.token])).status_code == 200
