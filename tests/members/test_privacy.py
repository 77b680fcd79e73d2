"""A member's personal data: full exports need grant + reason, the person's own data on request,
and erasure that leaves every statistic unchanged (checklist rows 15–16; members/privacy.py)."""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from members import services
from members.models import Application, Member
from orgs.models import AuditEvent, User
from reports import statistics
from tests.members.factories import make_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(cast):
    return services.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="张隐私", id_number=make_id(),
                                  phone="13812345678", joined_on=date(2021, 3, 1))


def grant(user):
    call_command("pii_export_grant", user.username, stdout=io.StringIO())


def cells(content: bytes) -> list:
    return [c.value for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]


def test_default_export_is_masked(cast, login, member):
    values = cells(login(cast.t1_staff).post(reverse("members:export")).getvalue())
    assert member.masked_id in values and "138****5678" in values
    assert member.full_id not in values and "13812345678" not in values


def test_full_export_needs_grant_and_reason_and_is_logged(cast, login, member):
    client = login(cast.t1_staff)
    url = reverse("members:export_full")
    assert "export-full" not in client.get(reverse("members:list")).content.decode()  # no grant: no button
    assert client.post(url, {"reason": "年度名册核对"}).status_code == 403
    grant(cast.t1_staff)
    assert AuditEvent.objects.filter(action="account.pii_export_grant", object_id=str(cast.t1_staff.pk)).exists()
    client = login(User.objects.get(pk=cast.t1_staff.pk))  # fresh: permissions are cached per object
    assert "export-full" in client.get(reverse("members:list")).content.decode()
    resp = client.post(url, {"reason": " "}, follow=True)
    assert "请填写理由" in resp.content.decode()
    assert not AuditEvent.objects.filter(action="member.export_full").exists()
    resp = client.post(f"{url}?kind=adult", {"reason": "年度名册核对"}, REMOTE_ADDR="10.9.8.7")
    assert resp.status_code == 200 and "no-store" in resp["Cache-Control"]
    values = cells(resp.content)
    assert member.full_id in values and "13812345678" in values
    event = AuditEvent.objects.get(action="member.export_full")
    assert event.user == cast.t1_staff and event.ip == "10.9.8.7"
    assert event.detail["reason"] == "年度名册核对" and event.detail["members"] == [member.pk]
    book = openpyxl.load_workbook(io.BytesIO(resp.content))  # watermarked: who, when, why
    assert f"审计编号：{event.pk}" in [r[0] for r in book["导出说明"].iter_rows(values_only=True)]
    assert "t1_staff" in book.properties.creator and "年度名册核对" in book.active.oddHeader.center.text
    # the grant does not widen the role: a reviewer with it still may not
    grant(cast.d1_reviewer)
    assert login(cast.d1_reviewer).post(url, {"reason": "年度名册核对"}).status_code == 403


def test_personal_data_file_holds_everything_and_is_logged(cast, login, member):
    services.pay_dues(member, by=cast.t1_staff, year=2024, amount=10)
    services.update_member(member, by=cast.t1_staff, phone="13912345678")
    assert login(cast.d1_reviewer).post(reverse("members:personal_data", args=[member.pk])).status_code == 403
    assert login(cast.t3_staff).post(reverse("members:personal_data", args=[member.pk])).status_code == 404
    resp = login(cast.t1_staff).post(reverse("members:personal_data", args=[member.pk]), {"reason": "本人书面申请查阅"})
    assert resp.status_code == 200 and "no-store" in resp["Cache-Control"]
    data = json.loads(resp.content)
    assert data["会员信息"]["身份证号码"] == member.full_id and data["会员信息"]["手机号码"] == "13912345678"
    assert data["会费"][0]["年度"] == 2024 and data["会籍记录"][0]["组织"] == cast.t1.name
    assert {h["手机号码"] for h in data["信息变更记录"]} == {"13812345678", "13912345678"}
    assert AuditEvent.objects.filter(action="member.export_personal_data", user=cast.t1_staff,
                                     object_id=str(member.pk)).exists()


def figures(root):
    dates = [date(2020, 12, 31), date(2021, 6, 30), date(2022, 12, 31), date.today()]
    return [statistics.survey(root, on) for on in dates], statistics.members_over_time(root, dates)


def test_erasure_anonymises_but_statistics_stay(cast, login, member):
    other = services.create_member(by=cast.t1_staff, org=cast.t1, kind="youth", name="李青少年",
                                   id_number=make_id(born=date(2012, 5, 1)), phone="13700000000",
                                   joined_on=date(2022, 1, 10))
    services.leave(other, by=cast.t1_staff, on=date(2022, 6, 1))
    app = services.submit_application(org=cast.t1, kind="adult", name="王申请", id_number=make_id(),
                                      phone="13600000000")
    services.decide_application(app, by=cast.t1_staff, approve=True)
    joined = Application.objects.get(pk=app.pk).member
    before = figures(cast.d1), figures(cast.city)
    full_id = joined.full_id

    url = reverse("members:erase", args=[joined.pk])
    assert login(cast.t1_staff).post(url, {"reason": "本人申请删除"}).status_code == 403  # admins only
    resp = login(cast.d1_admin).post(url, {"reason": ""})
    assert "请填写理由" in resp.content.decode() and Member.objects.get(pk=joined.pk).erased_at is None
    resp = login(cast.d1_admin).post(url, {"reason": "本人书面申请删除"})
    assert resp.status_code == 302

    erased = Member.objects.get(pk=joined.pk)
    assert erased.name.startswith("已删除个人信息") and erased.id_number == "" and erased.id_hash is None
    assert erased.phone == "" and erased.id_tail == "" and erased.birth_date is None and erased.erased_at
    assert set(erased.history.values_list("name", "id_number", "phone")) == {(erased.name, "", "")}
    assert Application.objects.filter(name="王申请").count() == 0
    assert Application.objects.get(pk=app.pk).id_number == ""
    assert (figures(cast.d1), figures(cast.city)) == before
    assert erased.spells.count() == 1
    event = AuditEvent.objects.get(action="member.erase_pii")
    assert event.user == cast.d1_admin and "王申请" not in event.object_repr
    # the blind index is gone: the same person may join again
    assert services.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="王申请", id_number=full_id,
                                  phone="13600000000")
    resp = login(cast.d1_admin).post(url, {"reason": "本人书面申请删除"})
    assert "已删除" in resp.content.decode()


def test_detail_page_shows_masked_field_history(cast, login, member):
    services.update_member(member, by=cast.t1_staff, phone="13912345678", name="张隐私改")
    html = login(cast.t1_staff).get(reverse("members:detail", args=[member.pk])).content.decode()
    assert 'data-testid="field-history"' in html
    assert "138****5678" in html and "139****5678" in html and "张隐私改" in html
    assert "13812345678" not in html and "13912345678" not in html
