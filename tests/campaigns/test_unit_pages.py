"""A unit's own pages: the home-page countdown, its leaders, staff and documents, kept by itself."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import PaperCopy, StaffMember, UnitDocument
from tests.campaigns.conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(cast):
    today = timezone.localdate()
    stages = [{"name": "宣传发动", "due_on": today - timedelta(days=3), "milestones": ["candidates"]},
              {"name": "备案", "due_on": today + timedelta(days=12), "milestones": ["filed", "staff"]}]
    return services.open_campaign(by=cast.d1_admin, name="基层组织建设", starts_on=today - timedelta(days=30),
                                  ends_on=today + timedelta(days=30), stages=stages)


def test_town_sees_its_countdown_and_what_is_missing(campaign, cast, login):
    page = login(cast.t1_staff).get(reverse("home")).content.decode()
    assert "宣传发动" in page and "超期 3 天" in page and "还剩 <strong>12</strong> 天" in page
    assert reverse("campaigns:document_upload", args=[cast.t1.pk]) in page
    assert reverse("campaigns:staff_add", args=[cast.t1.pk]) in page
    assert 'data-testid="unit-score">94<' in page  # 5 for the stage, 1 for its week
    # a village takes no part in a campaign of towns and departments
    assert "宣传发动" not in login(cast.d1_reviewer).get(reverse("home")).content.decode()


def test_upload_turns_the_stage_green_and_wrong_type_is_refused_next_to_the_field(campaign, cast, login):
    client = login(cast.t1_staff)
    url = reverse("campaigns:document_upload", args=[cast.t1.pk])
    bad = client.post(url, {"kind": "candidates", "upload": SimpleUploadedFile("list.pdf", b"<html>x</html>")})
    assert bad.status_code == 200 and bad.context["form"].errors["upload"] == ["只能上传 PDF、JPG 或 PNG 文件。"]
    assert not UnitDocument.objects.exists()
    assert client.post(url, {"kind": "candidates", "upload": pdf("名单.pdf")}).status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert "超期 3 天完成" in page
    doc = UnitDocument.objects.get()
    assert client.get(reverse("campaigns:document", args=[doc.pk]))["Content-Disposition"].startswith("attachment")


def test_staff_phone_masked_history_kept_and_admin_corrects(campaign, cast, login):
    client = login(cast.t1_staff)
    url = reverse("campaigns:staff_add", args=[cast.t1.pk])
    bad = client.post(url, {"name": "甲", "post": "干事", "phone": "12345", "starts_on": "2026-01-05"})
    assert bad.status_code == 200 and "phone" in bad.context["form"].errors
    client.post(url, {"name": "甲", "post": "干事", "phone": "13812345678", "starts_on": "2026-01-05"})
    page = client.get(reverse("campaigns:unit", args=[cast.t1.pk])).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    staff = StaffMember.objects.get()
    admin = login(cast.d1_admin)
    admin.post(reverse("campaigns:staff_end", args=[staff.pk]), {"ends_on": "2026-06-30"})
    staff.refresh_from_db()
    assert staff.ends_on == date(2026, 6, 30) and staff.history.count() == 2


def test_leaders_recorded_by_the_unit_and_paper_copy_by_the_district(campaign, cast, login):
    client = login(cast.t1_staff)
    wrong = client.post(reverse("campaigns:leader_add", args=[cast.t1.pk]),
                        {"role": "president", "person_name": "乙", "post": "副主任", "starts_on": "2022-10-20",
                         "document": SimpleUploadedFile("选举结果.pdf", b"not a pdf")})
    assert wrong.context["form"].errors["document"] == ["只能上传 PDF、JPG 或 PNG 文件。"]
    assert not cast.t1.leadership_terms.exists() and not UnitDocument.objects.exists()
    client.post(reverse("campaigns:leader_add", args=[cast.t1.pk]),
                {"role": "president", "person_name": "乙", "post": "副主任", "starts_on": "2022-10-20",
                 "document": pdf("选举结果.pdf")})
    assert cast.t1.leadership_terms.get().person_name == "乙"
    assert UnitDocument.objects.get().kind == "election"
    bad = client.post(reverse("campaigns:leader_add", args=[cast.t1.pk]),
                      {"role": "secretary_general", "person_name": "丙", "starts_on": "2022-10-20",
                       "ends_on": "2022-01-01"})
    assert bad.context["form"].errors["ends_on"] == ["任职结束日期不能早于开始日期。"]
    assert cast.t1.leadership_terms.count() == 1
    assert client.post(reverse("campaigns:paper_copy", args=[cast.t1.pk]), {"received_on": "2022-11-10"}
                       ).status_code == 403
    login(cast.d1_reviewer).post(reverse("campaigns:paper_copy", args=[cast.t1.pk]), {"received_on": "2022-11-10"})
    assert PaperCopy.objects.get().received_on == date(2022, 11, 10)


def test_django_admin_shows_staff_masked_and_read_only(campaign, cast, login):
    staff = services.name_staff(cast.t1, by=cast.t1_staff, name="丁", post="干事", phone="13812345678",
                                starts_on=date(2026, 1, 5))
    client = login(cast.d1_admin)
    for url in (reverse("admin:campaigns_staffmember_changelist"),
                reverse("admin:campaigns_staffmember_change", args=[staff.pk])):
        page = client.get(url)
        assert page.status_code == 200 and "138****5678" in page.content.decode()
        assert "13812345678" not in page.content.decode()
    listing = login(cast.d2_reviewer).get(reverse("admin:campaigns_staffmember_changelist"), follow=True)
    assert "138****5678" not in listing.content.decode()
