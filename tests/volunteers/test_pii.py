"""Volunteers' ID numbers through lib/pii.py: edit keeps the sealed number, history is masked,
full exports need the grant and a reason (checklist rows 12, 14, 16)."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from orgs.models import AuditEvent
from tests.volunteers import factories
from volunteers import services
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def vol(cast):
    return factories.volunteer(cast.t1, cast.t1_staff, name="甲", id_number=factories.resident_id(),
                               phone="13912345678")


def form_data(**extra):
    return {"name": "甲", "gender": "F", "registered_on": "2025-01-01", "status": "active",
            "phone": "13912345678", **extra}


def test_edit_form_never_shows_the_number_and_blank_keeps_it(cast, login, vol):
    client = login(cast.t1_staff)
    url = reverse("volunteers:edit", args=[vol.pk])
    html = client.get(url).content.decode()
    assert vol.full_id not in html and vol.id_number not in html and vol.masked_id in html
    value = vol.full_id
    assert client.post(url, form_data(id_number="", skills="急救")).status_code == 302
    vol.refresh_from_db()
    assert vol.full_id == value and vol.skills == "急救"
    assert vol.history.count() == 2  # the ID was not re-sealed, so no spurious ID change either
    assert not [f for f in vol.history.first().diff_against(vol.history.last()).changed_fields if "resident" in f]


def test_detail_shows_masked_history_of_volunteer_and_records(cast, login, vol):
    new_id = factories.resident_id()
    old_id = vol.full_id
    services.update_volunteer(vol, by=cast.t1_staff, id_number=new_id, phone="13712345678")
    record = services.log_hours(vol, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=2)
    services.approve_record(record, by=cast.d1_reviewer)
    html = login(cast.t1_staff).get(reverse("volunteers:detail", args=[vol.pk])).content.decode()
    assert f"{old_id[:4]}**********{old_id[-4:]} → {new_id[:4]}**********{new_id[-4:]}" in html
    assert "139****5678 → 137****5678" in html
    assert old_id not in html and new_id not in html and "13712345678" not in html
    assert 'data-testid="record-history"' in html and html.count("已通过") >= 1


def cells(content: bytes) -> list:
    return [c.value for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]


def test_full_export_needs_grant_and_reason(cast, login, vol):
    client = login(cast.t1_staff)
    url = reverse("volunteers:export_full")
    assert client.post(url, {"reason": "保险投保名单"}).status_code == 403
    call_command("pii_export_grant", "t1_staff", stdout=io.StringIO())
    assert "请填写理由" in client.post(url, {"reason": ""}, follow=True).content.decode()
    content = client.post(url, {"reason": "保险投保名单"}).content
    values = cells(content)
    assert "理由：保险投保名单" in [r[0] for r in openpyxl.load_workbook(io.BytesIO(content))["导出说明"].values]
    assert vol.full_id in values and "13912345678" in values
    event = AuditEvent.objects.get(action="volunteer.export_full")
    assert event.detail["volunteers"] == [vol.pk] and event.detail["reason"] == "保险投保名单"
    call_command("pii_export_grant", "t1_staff", "--revoke", stdout=io.StringIO())
    assert client.post(url, {"reason": "保险投保名单"}).status_code == 403
    default = cells(client.post(reverse("volunteers:export")).getvalue())
    assert vol.full_id not in default and vol.masked_id in default and Volunteer.objects.count() == 1


def test_full_id_search_by_post_through_the_blind_index(cast, login, vol):
    client = login(cast.t1_staff)
    resp = client.post(reverse("volunteers:find"), {"id_number": vol.full_id.lower()})
    assert resp["Location"] == reverse("volunteers:detail", args=[vol.pk]) and vol.full_id not in resp["Location"]
    other = login(cast.t3_staff).post(reverse("volunteers:find"), {"id_number": vol.full_id}, follow=True)
    assert "未找到" in other.content.decode() and other.redirect_chain == [(reverse("volunteers:list"), 302)]
    assert login(cast.t1_staff).get(reverse("volunteers:find")).status_code == 405
