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


def test_approval_on_unwritable_media_files_it_and_makes_the_pdf_once_storage_works(
        submitted_filing, cast, settings, django_capture_on_commit_callbacks):
    """The approval is a fact of the database; the PDF of record is rendered after commit. With the
    media folder unwritable the filing is filed without a PDF (no half-written file, no hash), the
    page says the PDF is still to come, and the first download once storage works makes it."""
    client = _client(cast.d1_reviewer)
    with unwritable(settings.MEDIA_ROOT), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("filings:approve", args=[submitted_filing.pk]), {"comment": ""})
    assert response.status_code == 302
    submitted_filing.refresh_from_db()
    assert submitted_filing.status == Status.FILED and submitted_filing.org.status == OrgStatus.FILED
    assert not submitted_filing.stamped_pdf and not submitted_filing.pdf_sha256
    assert Review.objects.count() == 1
    assert not [p for p in settings.MEDIA_ROOT.rglob("*.pdf") if "stamped" in p.name]
    page = client.get(reverse("filings:edit", args=[submitted_filing.pk])).content.decode()
    assert "正式备案表 PDF 正在生成" in page
    download = client.get(reverse("filings:pdf", args=[submitted_filing.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content if download.streaming
                                                      else [download.content]).startswith(b"%PDF")
    submitted_filing.refresh_from_db()
    assert submitted_filing.stamped_pdf and len(submitted_filing.pdf_sha256) == 64
