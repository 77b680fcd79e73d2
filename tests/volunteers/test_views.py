import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lib.identity import validate_resident_id
from tests.conftest import make_user
from tests.volunteers import factories
from volunteers import services
from volunteers.models import RecordStatus, ServiceRecord, Volunteer

PHONE = "13912345678"


@pytest.fixture
def world(cast):
    cast.vol = factories.volunteer(cast.t1, cast.t1_staff, name="志愿者甲", phone=PHONE)
    cast.act = factories.activity(cast.t1, cast.t1_staff, roster=[cast.vol])
    cast.record = services.log_hours(cast.vol, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=3,
                                     activity=cast.act)
    cast.award = services.award_stars(cast.vol, by=cast.d1_reviewer, stars=1, reason="服务")
    cast.account = make_user("vol_self", cast.t1, "volunteer")
    cast.vol.user = cast.account
    cast.vol.save()
    return cast


def object_urls(c):
    return [reverse("volunteers:detail", args=[c.vol.pk]), reverse("volunteers:log_hours", args=[c.vol.pk]),
            reverse("volunteers:award_stars", args=[c.vol.pk]),
            reverse("volunteers:certificate_create", args=[c.vol.pk]),
            reverse("volunteers:activity", args=[c.act.pk]),
            reverse("volunteers:org_profile", args=[c.t1.pk])]


def test_other_branch_gets_404_on_every_object_page(world, login):
    client = login(world.t3_staff)
    for url in object_urls(world):
        assert client.get(url).status_code == 404, url
    for url in (reverse("volunteers:record_decide", args=[world.record.pk]),
                reverse("volunteers:withdraw_award", args=[world.award.pk])):
        assert client.post(url, {"decision": "approve"}).status_code == 404
    world.record.refresh_from_db()
    assert world.record.status == RecordStatus.PENDING


def test_sibling_town_gets_404_and_district_sees(world, login):
    assert login(world.t2_staff).get(reverse("volunteers:detail", args=[world.vol.pk])).status_code == 404
    assert login(world.d1_reviewer).get(reverse("volunteers:detail", args=[world.vol.pk])).status_code == 200


def test_lists_show_only_the_subtree(world, login):
    factories.volunteer(world.t3, world.t3_staff, name="志愿者乙")
    body = login(world.d1_reviewer).get(reverse("volunteers:list")).content.decode()
    assert "志愿者甲" in body and "志愿者乙" not in body


def test_volunteer_account_sees_only_own_record(world, login):
    other = factories.volunteer(world.t1, world.t1_staff, name="志愿者丙")
    client = login(world.account)
    assert client.get(reverse("volunteers:mine")).status_code == 200
    assert client.get(reverse("volunteers:detail", args=[other.pk])).status_code == 404
    for name in ("list", "records", "activities", "teams", "certificates", "create"):
        assert client.get(reverse(f"volunteers:{name}")).status_code == 403, name
    assert client.get(reverse("orgs:detail", args=[world.t1.pk])).status_code == 404


def test_staff_without_volunteer_record_gets_404_on_self_pages(world, login):
    assert login(world.t1_staff).get(reverse("volunteers:mine")).status_code == 404


def test_volunteer_reports_own_hours(world, login):
    client = login(world.account)
    resp = client.post(reverse("volunteers:report_hours"), {"served_on": "2026-03-02", "hours": "2"})
    assert resp.status_code == 302
    assert ServiceRecord.objects.filter(volunteer=world.vol, status=RecordStatus.PENDING).count() == 2


def test_no_unmasked_pii_in_pages(world, login):
    client = login(world.d1_reviewer)
    for url in (reverse("volunteers:list"), reverse("volunteers:detail", args=[world.vol.pk]),
                reverse("volunteers:records")):
        resp = client.get(url)
        body = resp.content.decode()
        assert PHONE not in body and world.vol.id_number not in body
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", body)
        assert "no-store" in resp.headers.get("Cache-Control", "")
        for candidate in re.findall(r"\d{17}[\dXx]", body):
            with pytest.raises(ValidationError):
                validate_resident_id(candidate)


def test_registration_errors_next_to_fields_in_chinese(cast, login):
    resp = login(cast.t1_staff).post(reverse("volunteers:create"), {
        "org": cast.t1.pk, "name": "甲", "gender": "M", "id_number": "123", "phone": "999",
        "registered_on": "2026-01-01", "status": "active"})
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert "id_number" in errors and "phone" in errors
    assert re.search(r"[\u4e00-\u9fff]", errors["id_number"][0])


def test_register_then_log_then_approve_through_pages(cast, login):
    client = login(cast.t1_staff)
    rid = factories.resident_id()
    resp = client.post(reverse("volunteers:create"), {
        "org": cast.t1.pk, "name": "志愿者丁", "gender": "M", "id_number": rid, "phone": PHONE,
        "registered_on": "2026-01-01", "status": "active"})
    vol = Volunteer.objects.get(name="志愿者丁")
    assert resp.status_code == 302
    client.post(reverse("volunteers:log_hours", args=[vol.pk]), {"served_on": "2026-03-01", "hours": "3"})
    record = ServiceRecord.objects.get(volunteer=vol)
    client = login(cast.d1_reviewer)
    client.post(reverse("volunteers:record_decide", args=[record.pk]), {"decision": "approve"})
    record.refresh_from_db()
    assert record.status == RecordStatus.APPROVED


def test_star_award_refusal_shown_next_to_field(world, login):
    resp = login(world.d1_reviewer).post(reverse("volunteers:award_stars", args=[world.vol.pk]),
                                         {"stars": "4", "reason": "x", "notice_days": "7"})
    assert resp.status_code == 200
    assert "地市级红十字会负责四星级" in resp.context["form"].errors["stars"][0]


def test_roster_bulk_entry_page(world, login):
    other = factories.volunteer(world.t1, world.t1_staff, name="志愿者戊")
    world.act.roster.add(other)
    client = login(world.t1_staff)
    resp = client.post(reverse("volunteers:activity", args=[world.act.pk]),
                       {f"hours_{world.vol.pk}": "22", f"hours_{other.pk}": "2"})
    assert resp.status_code == 200 and "24" in resp.content.decode()
    assert ServiceRecord.objects.count() == 1
    resp = client.post(reverse("volunteers:activity", args=[world.act.pk]),
                       {f"hours_{world.vol.pk}": "2", f"hours_{other.pk}": "2"})
    assert resp.status_code == 302 and ServiceRecord.objects.count() == 3


def test_org_page_shows_five_haves(world, login):
    body = login(world.t1_staff).get(reverse("orgs:detail", args=[world.t1.pk])).content.decode()
    assert "有稳定的会员和志愿者队伍" in body and "近12个月没有登记活动" not in body


@pytest.mark.parametrize("n", [3, 12])
def test_list_query_count_is_fixed(cast, login, django_assert_max_num_queries, n):
    for i in range(n):
        v = factories.volunteer(cast.t1, cast.t1_staff, name=f"志愿者{i}")
        services.log_hours(v, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=1)
    client = login(cast.d1_reviewer)
    with django_assert_max_num_queries(8):
        client.get(reverse("volunteers:list"))
    with django_assert_max_num_queries(8):
        client.get(reverse("volunteers:records"))
