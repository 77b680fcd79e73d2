import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from lib.identity import id_check_char
from members import services
from members.models import Application, Honour, Kind, Member
from orgs.models import AuditEvent
from tests.members.factories import make_id

ID_RE = re.compile(r"\d{17}[\dX]")
JOINED = date.today().replace(month=1, day=2)  # recent: not lapsed
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def leaks(html: str) -> list[str]:
    found = [m for m in ID_RE.findall(html) if id_check_char(m[:17]) == m[17]]
    return found + PHONE_RE.findall(html)


@pytest.fixture
def member(cast):
    return services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.ADULT, name="张测试",
                                  id_number=make_id(), phone="13812345678", joined_on=JOINED)


def test_list_masks_and_no_store(cast, login, member):
    resp = login(cast.d1_reviewer).get(reverse("members:list"))
    html = resp.content.decode()
    assert resp.status_code == 200 and member.number in html
    assert member.masked_id in html and "138****5678" in html
    assert not leaks(html)
    assert "no-store" in resp["Cache-Control"]


def test_list_query_count_is_fixed(cast, login, member, django_assert_max_num_queries):
    client = login(cast.d1_admin)
    for i in range(30):
        services.create_member(by=cast.t1_staff, org=cast.v1, kind=Kind.ADULT, name=f"会员{i}",
                               id_number=make_id(), phone="13800000000")
    with django_assert_max_num_queries(13):
        assert client.get(reverse("members:list")).status_code == 200


def test_filters_and_search_by_name_or_number(cast, login, member):
    client = login(cast.t1_staff)
    # the ID's last four characters (kept beside the sealed number); other fragments find nothing
    assert member.number in client.get(reverse("members:list"), {"q": member.full_id[-4:]}).content.decode()
    assert member.number not in client.get(reverse("members:list"), {"q": member.full_id[-5:-1]}).content.decode()
    assert member.number not in client.get(reverse("members:list"), {"q": member.full_id[:6]}).content.decode()
    assert member.number in client.get(reverse("members:list"), {"q": member.number}).content.decode()
    assert member.number in client.get(reverse("members:list"), {"q": "张测"}).content.decode()
    html = client.get(reverse("members:list"), {"kind": "youth"}).content.decode()
    assert member.number not in html
    html = client.get(reverse("members:list"), {"joined_after": JOINED.replace(day=1).isoformat(),
                                                "joined_before": JOINED.replace(day=3).isoformat(),
                                                "status": "active", "org": cast.t1.pk}).content.decode()
    assert member.number in html


def test_full_id_search_by_post_only(cast, login, member):
    client = login(cast.t1_staff)
    resp = client.post(reverse("members:find"), {"id_number": member.full_id})
    assert resp.status_code == 302 and resp["Location"] == reverse("members:detail", args=[member.pk])
    assert member.full_id not in resp["Location"]
    other = login(cast.t3_staff).post(reverse("members:find"), {"id_number": member.full_id})
    assert other["Location"] == reverse("members:list")


def test_scope_404_across_branches(cast, login, member):
    client = login(cast.t3_staff)
    for name in ("detail", "edit"):
        assert client.get(reverse(f"members:{name}", args=[member.pk])).status_code == 404
    assert client.post(reverse("members:reveal", args=[member.pk])).status_code == 404
    assert member.number not in client.get(reverse("members:list")).content.decode()
    client = login(cast.t2_staff)
    assert client.get(reverse("members:detail", args=[member.pk])).status_code == 404


def test_reveal_logs_and_role_rule(cast, login, member):
    client = login(cast.d1_reviewer)
    assert client.post(reverse("members:reveal", args=[member.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="member.reveal_pii").exists()
    client = login(cast.t1_staff)
    html = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert member.full_id not in html and "显示完整信息" in html
    resp = client.post(reverse("members:reveal", args=[member.pk]), {"reason": "电话核对会籍"}, REMOTE_ADDR="10.1.2.3")
    html = resp.content.decode()
    assert member.full_id in html and "13812345678" in html and "no-store" in resp["Cache-Control"]
    log = AuditEvent.objects.get(action="member.reveal_pii")
    assert (log.user, log.object_id, log.ip) == (cast.t1_staff, str(member.pk), "10.1.2.3")


def test_create_form_shows_chinese_errors_next_to_fields(cast, login):
    client = login(cast.t1_staff)
    bad = make_id()[:17] + "0"
    bad = bad if id_check_char(bad[:17]) != "0" else bad[:17] + "1"
    resp = client.post(reverse("members:create"), {"org": cast.t1.pk, "kind": "adult", "name": "李",
                                                    "id_number": bad, "phone": "123",
                                                    "joined_on": "2025-01-01"})
    html = resp.content.decode()
    assert resp.status_code == 200 and "校验位" in html and "请输入11位手机号码" in html
    resp = client.post(reverse("members:create"), {"org": cast.t1.pk, "kind": "adult", "name": "李",
                                                    "id_number": make_id(), "phone": "13900000000",
                                                    "joined_on": "2025-01-01"})
    assert resp.status_code == 302 and Member.objects.filter(name="李").exists()
    # an org outside the subtree is not a choice
    resp = client.post(reverse("members:create"), {"org": cast.t3.pk, "kind": "adult", "name": "王",
                                                    "id_number": make_id(), "phone": "13900000000",
                                                    "joined_on": "2025-01-01"})
    assert resp.status_code == 200 and not Member.objects.filter(name="王").exists()


def test_reviewer_cannot_create(cast, login):
    assert login(cast.d1_reviewer).get(reverse("members:create")).status_code == 403


def test_public_application_flow_honeypot_and_rate_limit(cast, client, settings):
    cache.clear()
    resp = client.get(reverse("members:apply_pick"), {"q": "雁江"})
    assert resp.status_code == 200 and cast.t1.name in resp.content.decode()
    assert cast.t3.name not in resp.content.decode()
    url = reverse("members:apply", args=[cast.t1.pk])
    data = {"kind": "adult", "name": "申请人", "id_number": make_id(), "phone": "13700000000"}
    resp = client.post(url, {**data, "website": "http://spam"})
    assert resp.status_code == 302 and not Application.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Application.objects.get().name == "申请人"
    assert "no-store" in client.get(url)["Cache-Control"]
    assert client.get(reverse("members:apply", args=[cast.d1.pk])).status_code == 404
    for _ in range(5):
        resp = client.post(url, {**data, "id_number": make_id()})
    assert resp.status_code == 429
    cache.clear()


def test_queue_approve_and_reject(cast, login):
    app = services.submit_application(org=cast.t1, kind=Kind.ADULT, name="甲", id_number=make_id(),
                                      phone="13700000001")
    decide = reverse("members:decide", args=[app.pk])
    assert login(cast.t3_staff).post(decide, {"approve": "1"}).status_code == 404
    client = login(cast.t1_staff)
    html = client.get(reverse("members:queue")).content.decode()
    assert "甲" in html and not leaks(html)
    client.post(reverse("members:decide", args=[app.pk]), {"approve": "1"})
    app.refresh_from_db()
    assert app.state == "approved" and app.member.number


def test_org_page_panel_with_qr_and_honours(cast, login, member):
    Honour.objects.create(org=cast.t1, member=member, name=member.name, kind="star", year=2025)
    html = login(cast.t1_staff).get(reverse("orgs:detail", args=[cast.t1.pk])).content.decode()
    assert "会员之星" in html and "data:image/svg+xml" in html and "在册会员 <strong>1</strong>" in html
    assert login(cast.t1_staff).get(reverse("members:qr", args=[cast.t1.pk])).status_code == 200
    assert login(cast.t3_staff).get(reverse("members:qr", args=[cast.t1.pk])).status_code == 404


def test_transfer_pages(cast, login, member):
    client = login(cast.t1_staff)
    client.post(reverse("members:transfer", args=[member.pk]), {"to_org": cast.t3.pk})
    t3 = login(cast.t3_staff)
    html = t3.get(reverse("members:transfers")).content.decode()
    assert member.number in html
    from members.models import Transfer
    t = Transfer.objects.get()
    assert login(cast.t2_staff).post(reverse("members:transfer_decide", args=[t.pk]),
                                     {"accept": "1"}).status_code == 404
    login(cast.t3_staff).post(reverse("members:transfer_decide", args=[t.pk]), {"accept": "1"})
    member.refresh_from_db()
    assert member.org == cast.t3


def test_transfer_target_is_found_by_name_not_listed_whole(cast, login, member):
    """The receiving org may be anywhere in the country: the detail page carries no list of every
    org, the transfer page lists the orgs whose name matches, and a bad choice is refused next to
    the field with nothing saved."""
    from members.models import Transfer

    client = login(cast.t1_staff)
    detail = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert cast.t3.name not in detail and 'name="q"' in detail
    url = reverse("members:transfer", args=[member.pk])
    page = client.get(url, {"q": "岳阳"}).content.decode()
    assert f'<option value="{cast.t3.pk}">{cast.t3.name}（{cast.d2.name}）</option>' in page
    assert cast.t2.name not in page  # does not match the name
    assert "没有名称包含" in client.get(url, {"q": "不存在的组织"}).content.decode()
    refused = client.post(url, {"q": "岳阳", "to_org": "", "reason": "工作调动"})
    assert refused.status_code == 200 and "请选择转入组织。" in refused.content.decode()
    assert refused.context["form"]["to_org"].errors and not Transfer.objects.exists()
    done = client.post(url, {"q": "岳阳", "to_org": cast.t3.pk, "reason": "工作调动"})
    assert done.status_code == 302 and Transfer.objects.get().to_org == cast.t3
