"""The public application form (扫码入会) tells a visitor nothing about anybody: whatever ID number is
posted to whatever org — a member anywhere in the country, a person with an application waiting,
a stranger — the answer is the same. Duplicates are shown to the reviewing org only, in its queue."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from members import services
from members.models import Application
from tests.members.factories import make_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the form's per-address throttle lives in the cache
    yield
    cache.clear()


@pytest.fixture
def people(cast):
    cast.member_id, cast.pending_id, cast.new_id, cast.local_id = make_id(), make_id(), make_id(), make_id()
    services.create_member(by=cast.t3_staff, org=cast.t3, kind="adult", name="外地会员", id_number=cast.member_id,
                           phone="13800000001")  # 安岳县: another district
    services.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="本地会员", id_number=cast.local_id,
                           phone="13800000004")
    services.submit_application(org=cast.t2, kind="adult", name="待审申请", id_number=cast.pending_id,
                                phone="13800000002")
    return cast


def _apply(org, id_number, address):
    client = Client()
    response = client.post(reverse("members:apply", args=[org.pk]), {
        "kind": "adult", "name": "申请人", "id_number": id_number, "phone": "13900000000"}, REMOTE_ADDR=address)
    return response.status_code, response.get("Location"), client.get(response["Location"]).content \
        if response.status_code == 302 else response.content


def test_the_answer_is_the_same_whoever_the_number_belongs_to(people):
    c = people
    answers = [_apply(c.t1, number, f"198.51.100.{i}")
               for i, number in enumerate((c.member_id, c.pending_id, c.new_id, c.local_id))]
    assert answers[0] == answers[1] == answers[2] == answers[3]
    status, location, page = answers[0]
    assert (status, location) == (302, reverse("members:apply_done"))
    assert "已是会员" not in page.decode() and "待审核的申请" not in page.decode()
    assert Application.objects.filter(org=c.t1).count() == 4  # every one waits for the org to decide


def test_duplicates_are_shown_to_the_reviewing_org_only(people, login):
    c = people
    for i, number in enumerate((c.member_id, c.pending_id, c.new_id, c.local_id)):
        _apply(c.t1, number, f"198.51.100.{i}")
    rows = {a.id_hash: a for a in Application.objects.filter(org=c.t1)}
    assert len(rows) == 4
    queue = login(c.t1_staff).get(reverse("members:queue"))
    flags = {a.pk: a.duplicate for a in queue.context["page"]}
    from lib.pii import id_hash

    def flag(number):
        return flags[rows[id_hash(number)].pk]

    assert flag(c.member_id) == "已是其他地区的会员"
    assert flag(c.local_id) == "已是本辖区的会员"
    assert flag(c.pending_id) == "另有待审核的入会申请"
    assert flag(c.new_id) == ""
    assert "已是其他地区的会员" in queue.content.decode()
    # the other district's queue shows none of this: the applications are not theirs
    other = login(c.t3_staff).get(reverse("members:queue")).content.decode()
    assert "申请人" not in other and "已是" not in other
    # approving a duplicate is refused with the reason, nothing is created
    response = login(c.t1_staff).post(reverse("members:decide", args=[rows[id_hash(c.member_id)].pk]),
                                      {"approve": "1"}, follow=True)
    assert "已登记为会员" in response.content.decode()
    assert Application.objects.get(pk=rows[id_hash(c.member_id)].pk).state == Application.State.PENDING
