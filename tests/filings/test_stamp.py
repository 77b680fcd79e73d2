"""Row 19: a filed filing is read-only and its stamped PDF verifiable by SHA-256."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from filings import stamping, workflow
from filings.models import Filing

pytestmark = pytest.mark.django_db


def test_stamped_pdf_verifies_and_a_tampered_copy_does_not(submitted_filing, cast,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    filing.refresh_from_db()
    data = filing.stamped_pdf.read()
    assert stamping.verify_pdf(filing, data)
    assert not stamping.verify_pdf(filing, data.replace(b"%%EOF", b"%%EOF\n% tampered"))


def test_filed_filing_cannot_be_edited(submitted_filing, cast):
    workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    with pytest.raises(ValidationError):
        workflow.save_filing(submitted_filing, by=cast.t1_staff, host_unit="改动")
    submitted_filing.refresh_from_db()
    assert submitted_filing.host_unit != "改动"


@pytest.mark.django_db(transaction=True)
def test_pdf_of_record_is_rendered_after_commit_outside_any_transaction(submitted_filing, cast, monkeypatch):
    from django.db import connection

    from filings import pdf

    seen, real = [], pdf.render_filing

    def spy(filing, *args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(filing, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_filing", spy)
    filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    filing.refresh_from_db()
    assert seen == [False]  # rendered once, after the approval committed, holding no lock
    assert filing.stamped_pdf and stamping.verify_pdf(filing, filing.stamped_pdf.read())


def test_filed_filing_waiting_for_its_pdf_says_so_and_the_download_renders_it(submitted_filing, cast, login):
    filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)  # on_commit never runs here
    filing.refresh_from_db()
    assert filing.status == "filed" and not filing.stamped_pdf
    client = login(cast.t1_staff)
    page = client.get(reverse("filings:edit", args=[filing.pk])).content.decode()
    assert "正式备案表 PDF 正在生成" in page
    response = client.get(reverse("filings:pdf", args=[filing.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    filing.refresh_from_db()
    assert filing.stamped_pdf and stamping.verify_pdf(filing, response.content)
    assert client.get(reverse("filings:pdf", args=[filing.pk])).content == response.content  # stored, not redone


def test_a_failed_render_is_visible_and_retried(submitted_filing, cast, login, django_capture_on_commit_callbacks):
    from filings.models import Seal

    seal = Seal.objects.get(org=cast.d1)
    seal.image.storage.delete(seal.image.name)  # the seal's file is gone: rendering cannot finish
    with django_capture_on_commit_callbacks(execute=True):
        filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    filing.refresh_from_db()
    assert filing.status == "filed" and not filing.stamped_pdf and not filing.pdf_sha256
    client = login(cast.t1_staff)
    response = client.get(reverse("filings:pdf", args=[filing.pk]), follow=True)
    assert "正式备案表 PDF 生成失败" in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from filings import uploads
    from tests.security.hostile import png

    uploads.set_seal(cast.d1, upload=SimpleUploadedFile("seal.png", png()), by=cast.d1_admin)
    response = client.get(reverse("filings:pdf", args=[filing.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_approvals_of_one_body_do_not_wait_for_each_others_pdf(cast, seals, monkeypatch):
    import threading

    from django.db import connections

    from filings import pdf
    from tests.filings.test_numbering import _submitted

    first, second = _submitted(cast.t1, cast.t1_staff), _submitted(cast.t2, cast.t2_staff)
    rendering, release, real = threading.Event(), threading.Event(), pdf.render_filing

    def slow_first(filing, *args, **kwargs):
        if filing.pk == first.pk:
            rendering.set()
            release.wait(30)
        return real(filing, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_filing", slow_first)

    def approve(filing):
        try:
            workflow.approve_filing(filing, by=cast.d1_reviewer)
        finally:
            connections.close_all()

    a = threading.Thread(target=approve, args=(first,))
    a.start()
    assert rendering.wait(30)
    b = threading.Thread(target=approve, args=(second,))
    b.start()
    b.join(15)
    finished_while_first_renders = not b.is_alive()
    release.set()
    a.join(30)
    b.join(30)
    assert finished_while_first_renders
    assert sorted(f.number[-4:] for f in Filing.objects.filter(status="filed")) == ["0001", "0002"]
