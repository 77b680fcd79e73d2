"""An upload or an approval that fails because the media folder cannot be written answers a page
that says so in Chinese (not a generic 500, never a traceback), and saves nothing half."""

import pytest
from django.test import Client
from django.urls import reverse

from filings.models import Attachment, Review, Status
from orgs.models import OrgStatus
from tests.faults import unwritable
from tests.filings.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _says_storage_failed(response) -> None:
    body = response.content.decode()
    assert response.status_code == 503, body[:500]
    assert "文件暂时无法保存" in body and "没有写入权限" in body and "没有保存" in body
    assert "Traceback" not in body and "Errno" not in body


def test_attachment_upload_on_unwritable_media_says_what_happened(complete_filing, cast, settings):
    client = _client(cast.t1_staff)
    before = Attachment.objects.count()
    url = reverse("filings:upload", args=[complete_filing.pk])
    with unwritable(settings.MEDIA_ROOT):
        _says_storage_failed(client.post(url, {"kind": "extra", "file": pdf_upload("extra.pdf")}))
    assert Attachment.objects.count() == before
    assert client.post(url, {"kind": "extra", "file": pdf_upload("extra.pdf")}).status_code == 302
    assert Attachment.objects.count() == before + 1


def test_approval_on_unwritable_media_says_what_happened_and_stamps_nothing(submitted_filing, cast, settings):
    client = _client(cast.d1_reviewer)
    with unwritable(settings.MEDIA_ROOT):
        _says_storage_failed(client.post(reverse("filings:approve", args=[submitted_filing.pk]), {"comment": ""}))
    submitted_filing.refresh_from_db()
    assert submitted_filing.status == Status.SUBMITTED and not submitted_filing.stamped_pdf
    assert not Review.objects.exists() and submitted_filing.org.status != OrgStatus.FILED
