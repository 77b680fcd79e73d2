"""Relief's big exports (a warehouse's ledger, a year's projects and distributions) leave the request
above ``PORTAL["EXPORT_SYNC_MAX_ROWS"]`` like members' exports: a job, its progress page, a file only the
requester fetches, with the same rows the direct download holds."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job, JobStatus
from relief import projects, stock

pytestmark = pytest.mark.django_db


def _book(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _ledger(book):
    return [r[4] for r in book["出入库台账"].iter_rows(values_only=True) if r[1] == "棉被"]


def test_a_big_ledger_goes_through_a_job_with_the_same_rows(cast, depot, login, settings,
                                                            django_capture_on_commit_callbacks):
    for day, n in [(1, 12), (2, 5), (3, 7)]:
        stock.stock_in(depot.town, depot.quilt, n, by=cast.t1_staff, on=date(2026, 3, day))
    client = login(cast.t1_staff)
    url = reverse("relief:ledger_export", args=[depot.town.pk])
    direct = _ledger(_book(client.post(url)))  # at the limit: still a direct download
    settings.PORTAL = {**settings.PORTAL, "EXPORT_SYNC_MAX_ROWS": 2}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = Job.objects.get(kind="relief.export.ledger")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.requested_by == cast.t1_staff
    book = _book(client.get(reverse("jobs:download", args=[job.pk])))
    assert _ledger(book) == direct == [12, 5, 7]
    assert [r for r in book["库存"].iter_rows(values_only=True) if r[0] == "棉被"][0][2] == 24
    # someone else (even above in the tree) cannot fetch the requester's file
    assert login(cast.d1_admin).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_big_year_list_goes_through_a_job(cast, login, settings, django_capture_on_commit_callbacks):
    for day in (10, 11, 12):
        projects.record_distribution(by=cast.t1_staff, org=cast.t1, occasion="博爱送万家",
                                     held_on=date(2026, 1, day), households=day, per_household="大米10千克",
                                     money=100, handed_out_by="莲花街道红十字会")
    settings.PORTAL = {**settings.PORTAL, "EXPORT_SYNC_MAX_ROWS": 2}
    client = login(cast.d1_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("relief:projects_export") + "?year=2026")
    job = Job.objects.get(kind="relief.export.year")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    book = _book(client.get(reverse("jobs:download", args=[job.pk])))
    assert sorted(r[3] for r in book["发放"].iter_rows(values_only=True) if r[1] == "博爱送万家") == [10, 11, 12]
