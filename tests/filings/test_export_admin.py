import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from filings.models import Seal
from jobs.models import Job, JobStatus
from tests.filings.conftest import PDF_BYTES

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def test_reviewer_exports_zip_of_subtree(submitted_filing, cast, login, django_capture_on_commit_callbacks):
    """The ZIP is a background job like any other: the job pages show it, only its requester
    downloads it."""
    client = login(cast.d1_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("filings:export_start"))
    job = Job.objects.get(kind="filings.pdf_zip")
    assert resp.url == reverse("jobs:detail", args=[job.pk])
    page = client.get(resp.url).content.decode()
    assert "已完成" in page and "<progress" in page and "job_progress.js" in page and "<script>" not in page
    progress = client.get(reverse("jobs:progress", args=[job.pk])).json()
    assert progress["finished"] and progress["percent"] == 100 and progress["done"] == progress["total"] == 1
    assert progress["download_url"] == reverse("jobs:download", args=[job.pk])
    resp = client.get(reverse("jobs:download", args=[job.pk]))
    assert resp["Content-Type"] == "application/zip" and "no-store" in resp["Cache-Control"]
    names = zipfile.ZipFile(io.BytesIO(b"".join(resp.streaming_content))).namelist()
    assert len(names) == 1 and "莲花街道红十字会" in names[0]
    assert login(cast.d2_reviewer).get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert login(cast.d1_admin).get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert login(cast.t1_staff).post(reverse("filings:export_start")).status_code == 403


def test_other_district_export_is_empty(submitted_filing, cast, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.d2_reviewer).post(reverse("filings:export_start"))
    job = Job.objects.get()
    assert (job.status, job.total, job.message) == (JobStatus.DONE, 0, "已打包 0 份备案表。")


def test_body_admin_uploads_png_seal_only(cast, login):
    client = login(cast.d1_admin)
    client.post(reverse("filings:seal"), {"image": SimpleUploadedFile("s.pdf", PDF_BYTES)})
    assert not Seal.objects.exists()
    client.post(reverse("filings:seal"), {"image": SimpleUploadedFile("s.png", PNG)})
    assert Seal.objects.get().org == cast.d1
    assert client.get(reverse("filings:seal_image")).status_code == 200
    assert login(cast.d1_reviewer).get(reverse("filings:seal")).status_code == 403
    assert login(cast.t1_staff).get(reverse("filings:seal")).status_code == 403


def test_admin_lists_only_filings_in_scope(submitted_filing, cast, login):
    assert (
        login(cast.d1_admin).get(reverse("admin:filings_filing_changelist")).context["cl"].result_count == 1
    )
    assert (
        login(cast.city_admin)
        .get(reverse("admin:filings_filing_change", args=[submitted_filing.pk]))
        .status_code
        == 200
    )
    from tests.conftest import make_user

    d2_admin = make_user("d2_admin", cast.d2, "admin")
    client = login(d2_admin)
    assert client.get(reverse("admin:filings_filing_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:filings_filing_change", args=[submitted_filing.pk])).status_code == 404


def test_filing_pdf_command(submitted_filing, cast, tmp_path):
    out = tmp_path / "x.pdf"
    call_command("filing_pdf", "--org", str(cast.t1.pk), "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
