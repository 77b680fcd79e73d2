"""Yearly work plans and summaries: a town uploads, its district sees 已报 and the others 未报,
returns one with a comment, the town uploads again; reminders go out before the due date only."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notices import papers
from notices.models import WorkPaper
from notifications.models import Notification
from tests.notices.conftest import pdf

pytestmark = pytest.mark.django_db
YEAR = date.today().year


def _upload(client, kind="plan", file=None):
    return client.post(reverse("notices:papers"), {"year": YEAR, "kind": kind, "file": file or pdf("工作计划.pdf")})


def test_town_uploads_district_sees_returns_town_uploads_again(cast, login, django_capture_on_commit_callbacks):
    town = login(cast.t1_staff)
    assert _upload(town).status_code == 302
    paper = WorkPaper.objects.get()
    assert (paper.org, paper.kind, paper.status) == (cast.t1, "plan", "submitted")
    page = login(cast.d1_reviewer).get(reverse("notices:papers"), {"year": YEAR}).content.decode()
    assert "莲花街道红十字会" in page and "宝台镇红十字会" in page and "已报" in page and "未报" in page
    assert login(cast.d1_reviewer).get(reverse("notices:paper_file", args=[paper.pk])).status_code == 200
    assert login(cast.t2_staff).get(reverse("notices:paper_file", args=[paper.pk])).status_code == 404
    # the town cannot replace what it submitted, and cannot return its own
    assert "退回后才能重新上传" in _upload(login(cast.t1_staff)).content.decode()
    assert login(cast.t1_staff).post(reverse("notices:paper_return", args=[paper.pk]),
                                     {"comment": "自己退回"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.d1_reviewer).post(reverse("notices:paper_return", args=[paper.pk]), {"comment": "请补充年度目标"})
    paper.refresh_from_db()
    assert paper.status == "returned" and paper.return_comment == "请补充年度目标"
    assert Notification.objects.filter(user=cast.t1_staff, reason="paper.returned").exists()
    assert _upload(login(cast.t1_staff), file=pdf("工作计划（修改）.pdf")).status_code == 302
    paper.refresh_from_db()
    assert paper.status == "submitted" and paper.name == "工作计划（修改）.pdf"


def test_hostile_file_refused_nothing_saved(cast, login):
    page = _upload(login(cast.t1_staff), file=SimpleUploadedFile("计划.pdf", b"<script>x</script>")).content.decode()
    assert "只能上传" in page and not WorkPaper.objects.exists()


def test_reminders_only_in_the_window_before_the_due_date_and_once_a_day(cast, settings,
                                                                          django_capture_on_commit_callbacks):
    settings.PORTAL = {**settings.PORTAL, "WORK_PLAN_DUE": (3, 31), "WORK_SUMMARY_DUE": (12, 31),
                       "WORK_PAPER_REMIND_DAYS": 14}
    papers.submit(cast.t1, year=2026, kind="plan", upload=pdf(), by=cast.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert papers.remind_due(date(2026, 3, 1)) == 0  # too early
    with django_capture_on_commit_callbacks(execute=True):
        papers.remind_due(date(2026, 3, 20))
        papers.remind_due(date(2026, 3, 20))
    reminded = set(Notification.objects.filter(reason="paper.reminder").values_list("user__username", flat=True))
    assert "t2_staff" in reminded and "t1_staff" not in reminded  # t1's plan is in
    assert Notification.objects.filter(reason="paper.reminder", user=cast.t2_staff).count() == 1
