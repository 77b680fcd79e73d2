"""A volunteer's personal data on request: the whole file, and erasure that leaves every figure
unchanged (PIPL 45, 47; volunteers/privacy.py; the members' counterpart is tests/members/test_privacy.py)."""

import json
from datetime import date

import pytest
from django.urls import reverse

from lib import pii
from orgs.models import AuditEvent, User
from reports import statistics
from tests.volunteers import factories
from volunteers import selectors, services
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 30)


@pytest.fixture
def vol(cast):
    volunteer = factories.volunteer(cast.t1, cast.t1_staff, name="赵隐私", phone="13812345678", skills="急救")
    activity = factories.activity(cast.t1, cast.t1_staff, title="社区急救培训", roster=[volunteer])
    record = services.log_hours(volunteer, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=3, activity=activity)
    services.approve_record(record, by=cast.d1_reviewer)
    services.issue_certificate(volunteer, by=cast.t1_staff, number="JH000777", issued_on=date(2025, 5, 1))
    services.update_volunteer(volunteer, by=cast.t1_staff, phone="13912345678")
    return Volunteer.objects.get(pk=volunteer.pk)


def figures(root):
    return (statistics.people_items(root, ON), statistics.people_items_by_child(root, ON),
            statistics.hours_by_specialty(root, ON))


def test_personal_data_file_holds_everything_and_is_logged(cast, login, vol):
    url = reverse("volunteers:personal_data", args=[vol.pk])
    assert login(cast.d1_reviewer).post(url).status_code == 403  # staff and admins only
    assert login(cast.t3_staff).post(url).status_code == 404  # another district
    response = login(cast.t1_staff).post(url, {"reason": "本人书面申请查阅"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == f'attachment; filename="volunteer-{vol.pk}.json"'
    data = json.loads(response.content)
    assert data["志愿者信息"]["身份证号"] == vol.full_id and data["志愿者信息"]["手机号"] == "13912345678"
    assert [(r["服务日期"], r["时长（小时）"], r["活动"], r["计入组织"], r["状态"]) for r in data["服务记录"]] == [
        ("2026-03-01", "3.00", "社区急救培训", cast.t1.name, "已通过")]
    assert [(s["管理组织"], s["结束"]) for s in data["在册记录"]] == [(cast.t1.name, None)]
    assert [a["活动"] for a in data["参加的活动"]] == ["社区急救培训"]
    assert [c["证书编号"] for c in data["救护员证"]] == ["JH000777"]
    assert {h["手机号"] for h in data["信息变更记录"]} == {"13812345678", "13912345678"}  # the history, whole
    assert AuditEvent.objects.filter(action="volunteer.export_personal_data", user=cast.t1_staff,
                                     object_id=str(vol.pk)).exists()


def test_erasure_anonymises_closes_the_account_and_keeps_every_figure(cast, login, vol):
    account = services.open_account(vol, by=cast.d1_admin, username="zhao_yinsi", password="Zy#Portal2026x",
                                    full_name="赵隐私", email="zhao@example.cn")
    before = figures(cast.d1), figures(cast.city), selectors.volunteer_hours(vol)
    full_id = vol.full_id
    url = reverse("volunteers:erase", args=[vol.pk])

    assert login(cast.t1_staff).post(url, {"reason": "本人申请删除"}).status_code == 403  # admins only
    refused = login(cast.d1_admin).post(url, {"reason": ""})
    assert "请填写理由" in refused.content.decode() and Volunteer.objects.get(pk=vol.pk).erased_at is None
    assert login(cast.d1_admin).post(url, {"reason": "本人书面申请删除"}).status_code == 302

    erased = Volunteer.objects.get(pk=vol.pk)
    assert erased.name.startswith("已删除个人信息") and erased.erased_at
    assert (erased.id_number, erased.phone, erased.skills) == ("", "", "")
    assert not pii.id_hash(full_id) == erased.id_hash
    assert set(erased.history.values_list("name", "id_number", "phone", "skills")) == {(erased.name, "", "", "")}
    account = User.objects.get(pk=account.pk)
    assert not account.is_active and not account.has_usable_password()
    assert "zhao" not in account.username and account.full_name == erased.name and account.email == ""
    assert not account.history.filter(username="zhao_yinsi").exists()
    assert not account.history.filter(full_name="赵隐私").exists()
    assert (figures(cast.d1), figures(cast.city), selectors.volunteer_hours(erased)) == before
    assert erased.records.count() == 1 and erased.certificates.count() == 1
    event = AuditEvent.objects.get(action="volunteer.erase_pii")
    assert event.user == cast.d1_admin and "赵隐私" not in event.object_repr

    page = login(cast.d1_admin).get(reverse("volunteers:detail", args=[vol.pk])).content.decode()
    assert "赵隐私" not in page and "个人信息已于" in page and 'data-testid="erase"' not in page
    # the blind index is gone: the same person may register again
    assert factories.volunteer(cast.t1, cast.t1_staff, name="赵隐私", id_number=full_id)
    again = login(cast.d1_admin).post(url, {"reason": "本人书面申请删除"})
    assert "已删除" in again.content.decode()
