"""Checklist row 12, as a scanner: people with known ID and phone numbers, then every list and
detail page that shows members or volunteers, the admin's changelists and change pages of the
members and volunteers apps, and every default export (xlsx decoded; the admin's export in each
format), requested as each role. A whole ID or phone number may never appear — only the masked
forms — until the logged 显示完整信息 action reveals them."""

import io
import re
import zipfile
from datetime import date
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse

from lib.identity import mask_id, mask_phone
from members import services as members
from members.models import Application, Member
from orgs.admin import admin_site
from orgs.models import AuditEvent
from tests.conftest import make_user
from tests.members.factories import make_id
from tests.security.pii_scan import MOBILE, valid_ids
from tests.volunteers import factories as vf
from volunteers import services as volunteers
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

ROLES = ["t1_staff", "d1_reviewer", "d1_admin", "city_admin", "operator", "volunteer_account"]


@pytest.fixture
def people(cast):
    c = cast
    c.member_id, c.member_phone = make_id(), "13811112222"
    c.member = members.create_member(by=c.t1_staff, org=c.t1, kind="adult", name="甲会员", id_number=c.member_id,
                                     phone=c.member_phone)
    members.update_member(c.member, by=c.t1_staff, phone="13811113333")  # a history row with both phones
    c.member_phone_old, c.member_phone = c.member_phone, "13811113333"
    c.app_id, c.app_phone = make_id(), "13622223333"
    members.submit_application(org=c.t1, kind="adult", name="乙申请", id_number=c.app_id, phone=c.app_phone)
    c.vol_id, c.vol_phone = vf.resident_id(), "13933334444"
    c.volunteer_account = make_user("vol_account", c.t1, "volunteer")
    c.volunteer = vf.volunteer(c.t1, c.t1_staff, name="丙志愿者", id_number=c.vol_id, phone=c.vol_phone,
                               user=c.volunteer_account)
    volunteers.update_volunteer(c.volunteer, by=c.t1_staff, phone="13933335555")
    c.vol_phone_old, c.vol_phone = c.vol_phone, "13933335555"
    c.team = volunteers.create_team(org=c.t1, by=c.t1_staff, name="救护队", specialty="first_aid",
                                    founded_on=date(2025, 1, 1))
    volunteers.add_to_team(c.team, c.volunteer, by=c.t1_staff, joined_on=date(2025, 2, 1))
    c.activity = vf.activity(c.t1, c.t1_staff, roster=[c.volunteer])
    record = volunteers.log_hours(c.volunteer, by=c.t1_staff, served_on=date(2026, 3, 1), hours=2,
                                  activity=c.activity)
    volunteers.approve_record(record, by=c.d1_reviewer)
    volunteers.issue_certificate(c.volunteer, by=c.t1_staff, number="JHY-001", issued_on=date(2025, 6, 1))
    return c


def secrets(c) -> list[str]:
    """Whole numbers and the longest unmasked pieces that would betray them."""
    out = []
    for value in (c.member_id, c.app_id, c.vol_id):
        out += [value, value[:14], value[6:17]]
    for phone in (c.member_phone, c.member_phone_old, c.app_phone, c.vol_phone, c.vol_phone_old):
        out += [phone, phone[3:]]
    return out


def pages(c) -> list[str]:
    url = reverse
    out = [url("home"), url("members:list"), url("members:detail", args=[c.member.pk]), url("members:queue"),
           url("members:transfers"), url("volunteers:list"), url("volunteers:detail", args=[c.volunteer.pk]),
           url("volunteers:records"), url("volunteers:records") + "?status=approved",
           url("volunteers:activities"), url("volunteers:activity", args=[c.activity.pk]),
           url("volunteers:teams"), url("volunteers:team", args=[c.team.pk]),
           url("volunteers:certificates") + "?all=1", url("volunteers:mine"), url("orgs:detail", args=[c.t1.pk])]
    for model, _ in admin_site._registry.items():
        if model._meta.app_label not in ("members", "volunteers"):
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        out.append(url(f"{info}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            out.append(url(f"{info}_change", args=[first.pk]))
    return out


def exports(c) -> list[tuple[str, dict]]:
    return [(reverse("members:export"), {}), (reverse("volunteers:export"), {}),
            (reverse("volunteers:export_records"), {"status": "approved"})]


def text_of(content: bytes) -> str:
    """Page text, or every cell and the raw XML of a workbook."""
    if content[:2] != b"PK":
        return content.decode("utf-8", "replace")
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        raw = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [str(cell.value) for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value]
    return raw + "\n".join(cells)


def leaks(text: str, c) -> list[str]:
    """The known numbers, and anything at all that passes the GB 11643 check or looks like a mobile."""
    # a member's number (the org's id, then a serial) can look like a mobile once ids grow, as
    # PostgreSQL's sequences do across a run: those are the register's numbers, not phones
    numbers = set(Member.objects.values_list("number", flat=True))
    return ([s for s in secrets(c) if s in text] + sorted(valid_ids(text))
            + [m for m in MOBILE.findall(text) if m not in numbers])


def test_no_page_or_export_shows_a_whole_number_for_any_role(people, client):
    c = people
    shown = 0
    masked_seen = set()
    for role in ROLES:
        client.force_login(getattr(c, role))
        responses = [(p, client.get(p)) for p in pages(c)]
        responses += [(u, client.post(f"{u}?{urlencode(q)}")) for u, q in exports(c)]  # exports start by POST
        if role in ("d1_admin", "city_admin", "operator"):
            export = reverse("admin:members_member_export")
            responses += [(f"{export} format {fmt}", client.post(export, {
                "format": str(fmt), "resource": "0", **{f"memberresource_{f}": "on" for f in (
                    "number", "kind", "name", "id_number", "phone", "org", "joined_on", "status")}}))
                for fmt in range(5)]
        for where, resp in responses:
            if resp.status_code != 200:
                assert resp.status_code in (302, 403, 404), (role, where, resp.status_code)
                continue
            shown += 1
            text = text_of(resp.getvalue())
            assert leaks(text, c) == [], (role, where)
            masked_seen |= {m for m in (mask_id(c.member_id), mask_id(c.vol_id), mask_phone(c.member_phone),
                                        mask_phone(c.vol_phone)) if m in text}
    assert shown > 100  # the scan really read pages, not refusals
    assert masked_seen == {mask_id(c.member_id), mask_id(c.vol_id), mask_phone(c.member_phone),
                           mask_phone(c.vol_phone)}


def test_reveal_shows_whole_numbers_once_and_logs_it(people, client):
    c = people
    client.force_login(c.t1_staff)
    for name, obj, value, phone in (("members", c.member, c.member_id, c.member_phone),
                                    ("volunteers", c.volunteer, c.vol_id, c.vol_phone)):
        resp = client.post(reverse(f"{name}:reveal", args=[obj.pk]), {"reason": "电话核对信息"},
                           REMOTE_ADDR="10.20.30.40")
        html = resp.content.decode()
        assert value in html and phone in html and "no-store" in resp["Cache-Control"]
        event = AuditEvent.objects.get(action=f"{name[:-1]}.reveal_pii")
        assert (event.user, event.object_id, event.ip) == (c.t1_staff, str(obj.pk), "10.20.30.40")
        assert event.object_type == obj._meta.label
        again = client.get(reverse(f"{name}:detail", args=[obj.pk])).content.decode()
        assert value not in again and phone not in again  # once: the next view is masked again
    # roles without the rule get 403, other branches 404, and nothing is logged
    count = AuditEvent.objects.filter(action__endswith="reveal_pii").count()
    client.force_login(c.d1_reviewer)
    assert client.post(reverse("volunteers:reveal", args=[c.volunteer.pk])).status_code == 403
    client.force_login(c.t3_staff)
    assert client.post(reverse("volunteers:reveal", args=[c.volunteer.pk])).status_code == 404
    assert AuditEvent.objects.filter(action__endswith="reveal_pii").count() == count


def test_scanner_would_see_a_leak(people, client):
    """The scanner's own check: a page that did print a whole number is caught."""
    c = people
    assert leaks(f"<td>{Member.objects.get(pk=c.member.pk).full_id}</td>", c)
    assert leaks(text_of(_xlsx_with(c.vol_phone)), c)
    assert Application.objects.count() == 1 and Volunteer.objects.count() == 1
    assert re.search(r"\*{4}", mask_phone(c.vol_phone))


def _xlsx_with(value) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["x", value])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
