"""After 关系转接 the sending org keeps a read-only view of the member's history there."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from members import services
from members.models import Kind
from tests.members.factories import make_id
from tests.members.test_views import JOINED, leaks

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(cast):
    member = services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.ADULT, name="转出测试",
                                    id_number=make_id(), phone="13812345678", joined_on=JOINED)
    transfer = services.request_transfer(member, by=cast.t1_staff, to_org=cast.t3, reason="工作调动")
    services.decide_transfer(transfer, by=cast.t3_staff, accept=True)
    return member


def test_sending_org_sees_the_history_masked_with_the_transfer_record(cast, login, moved):
    html = login(cast.t1_staff).get(reverse("members:detail", args=[moved.pk])).content.decode()
    assert "已转出" in html and moved.number in html
    assert "岳阳镇红十字会" in html and "已接收" in html  # where the member went, from the transfer record
    assert moved.masked_id in html and "138****5678" in html
    assert not leaks(html)
    assert "显示完整信息" not in html and reverse("members:edit", args=[moved.pk]) not in html


def test_sending_org_cannot_edit_reveal_or_act(cast, login, moved):
    client = login(cast.t1_staff)
    assert client.get(reverse("members:edit", args=[moved.pk])).status_code == 404
    assert client.post(reverse("members:reveal", args=[moved.pk])).status_code == 404
    assert client.post(reverse("members:leave", args=[moved.pk])).status_code == 404
    assert client.post(reverse("members:pay", args=[moved.pk]), {"year": 2026, "amount": 5}).status_code == 404
    moved.refresh_from_db()
    assert moved.status == "active" and not moved.payments.exists()


def test_list_offers_the_transferred_out_and_lists_them_masked(cast, login, moved):
    client = login(cast.t1_staff)
    current = client.get(reverse("members:list")).content.decode()
    assert moved.number not in current and "查看已转出会员" in current
    former = client.get(reverse("members:list"), {"status": "transferred"}).content.decode()
    assert moved.number in former and "已转出" in former and not leaks(former)
    call_command("pii_export_grant", cast.t1_staff.username, stdout=io.StringIO())  # even with the grant
    full = client.post(reverse("members:export_full") + "?status=transferred", {"reason": "核对转出会员名单"})
    assert full.status_code == 404  # never a full export of members who left
    export = client.post(reverse("members:export") + "?status=transferred")
    assert export.status_code == 200
    cells = [str(c) for row in openpyxl.load_workbook(io.BytesIO(export.getvalue())).active.iter_rows(values_only=True)
             for c in row]
    assert moved.number in cells and moved.full_id not in cells and moved.masked_id in cells


def test_an_org_that_never_had_the_member_still_gets_404(cast, login, moved):
    assert login(cast.t2_staff).get(reverse("members:detail", args=[moved.pk])).status_code == 404
    html = login(cast.t2_staff).get(reverse("members:list"), {"status": "transferred"}).content.decode()
    assert moved.number not in html


def test_receiving_org_sees_the_member_as_its_own(cast, login, moved):
    html = login(cast.t3_staff).get(reverse("members:detail", args=[moved.pk])).content.decode()
    assert "已转出" not in html.split("会籍记录")[0] and reverse("members:edit", args=[moved.pk]) in html
