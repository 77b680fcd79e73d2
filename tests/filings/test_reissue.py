"""An official PDF carries the reviewing body's e-seal: approval waits for the seal, and an admin
re-issues a filed PDF (after a seal change, or when its rendering failed)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from filings import stamping, uploads, workflow
from filings.models import Event, Filing, Status
from orgs.models import AuditEvent
from tests.security.hostile import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def unsealed_submission(complete_filing, cast):
    """Submitted to 雁江区, which has not uploaded its e-seal yet."""
    return workflow.submit_filing(complete_filing, by=cast.t1_staff)


@pytest.fixture
def filed(submitted_filing, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    return Filing.objects.get(pk=filing.pk)


def test_approval_is_refused_while_the_body_has_no_seal(unsealed_submission, cast):
    with pytest.raises(ValidationError) as exc:
        workflow.approve_filing(unsealed_submission, by=cast.d1_reviewer)
    assert "雁江区红十字会尚未上传电子印章" in str(exc.value)
    stored = Filing.objects.get(pk=unsealed_submission.pk)
    assert stored.status == Status.SUBMITTED and not stored.number and not stored.stamped_pdf
    assert not Event.objects.filter(to_status="filed").exists()
    assert not AuditEvent.objects.filter(action="filing.approve").exists()


def test_reviewer_is_told_before_and_after_pressing_approve(unsealed_submission, cast, login):
    client = login(cast.d1_reviewer)
    page = client.get(reverse("filings:review", args=[unsealed_submission.pk])).content.decode()
    assert "尚未上传电子印章" in page
    assert re.search(r'<button[^>]*id="approve-filing"[^>]*disabled', page)
    response = client.post(reverse("filings:approve", args=[unsealed_submission.pk]), follow=True)
    assert "尚未上传电子印章" in response.content.decode()
    assert Filing.objects.get(pk=unsealed_submission.pk).status == Status.SUBMITTED


def test_admin_reissues_after_a_seal_change(filed, cast, login, django_capture_on_commit_callbacks):
    old_token, old_sha, old_pdf = filed.token, filed.pdf_sha256, filed.stamped_pdf.read()
    uploads.set_seal(cast.d1, upload=SimpleUploadedFile("new.png", png(color=(0, 0, 200))), by=cast.d1_admin)
    client = login(cast.d1_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("filings:reissue", args=[filed.pk]), {"reason": "更换电子印章后重新出具"},
                               follow=True)
    assert "已重新出具" in response.content.decode()
    filing = Filing.objects.get(pk=filed.pk)
    new_pdf = filing.stamped_pdf.read()
    assert filing.pdf_sha256 and filing.pdf_sha256 != old_sha and new_pdf != old_pdf
    assert filing.token != old_token and stamping.verify_pdf(filing, new_pdf)
    assert not stamping.verify_pdf(filing, old_pdf)
    event = AuditEvent.objects.get(action="filing.reissue")
    assert event.username == "d1_admin" and event.detail["reason"] == "更换电子印章后重新出具"
    assert event.detail["superseded_sha256"] == old_sha
    assert (filing.status, filing.number) == (Status.FILED, filed.number)


def test_verification_of_the_old_pdf_says_superseded_and_links_nothing_private(
        filed, cast, client, django_capture_on_commit_callbacks):
    old_token, old_sha = filed.token, filed.pdf_sha256
    with django_capture_on_commit_callbacks(execute=True):
        stamping.reissue(filed, by=cast.d1_admin, reason="更换电子印章")
    filing = Filing.objects.get(pk=filed.pk)
    old = client.get(reverse("filings:verify", args=[old_token])).content.decode()
    assert "已被取代" in old and old_sha in old and filing.number in old
    assert "真实有效" not in old.replace("不再", "")
    links = re.findall(r'href="([^"]+)"', old)
    # home page, styles, and the public page that checks an uploaded copy's signature
    assert all(link in ("/", "/signing/verify/") or link.startswith("/static/") for link in links), links
    assert "13800000001" not in old and "李测试" not in old and "更换电子印章" not in old
    new = client.get(reverse("filings:verify", args=[filing.token])).content.decode()
    assert "真实有效" in new and filing.pdf_sha256 in new and "已被取代" not in new


def test_only_an_admin_of_a_body_above_may_reissue(filed, cast, login):
    for user, refusal in ((cast.t1_staff, PermissionDenied), (cast.d1_reviewer, PermissionDenied),
                          (cast.d2_reviewer, Http404)):
        with pytest.raises(refusal):
            stamping.reissue(filed, by=user, reason="更换电子印章")
    assert login(cast.d1_reviewer).post(reverse("filings:reissue", args=[filed.pk]),
                                        {"reason": "更换电子印章"}).status_code == 403
    with pytest.raises(ValidationError):
        stamping.reissue(filed, by=cast.d1_admin, reason="")  # a reason for the log is required
    assert Filing.objects.get(pk=filed.pk).token == filed.token
    assert not AuditEvent.objects.filter(action="filing.reissue").exists()


def test_a_filing_not_yet_filed_cannot_be_reissued(submitted_filing, cast):
    with pytest.raises(ValidationError):
        stamping.reissue(submitted_filing, by=cast.d1_admin, reason="更换电子印章")


def test_django_admin_lists_the_superseded_pdfs(filed, cast, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stamping.reissue(filed, by=cast.d1_admin, reason="更换电子印章")
    page = login(cast.operator).get(reverse("admin:filings_filing_change", args=[filed.pk])).content.decode()
    assert "更换电子印章" in page and filed.pdf_sha256 in page
