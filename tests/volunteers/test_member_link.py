"""A volunteer is linked to a Member when they are one — by the ID blind index, shown
on both detail pages, and staff may link and unlink."""

import pytest
from django.urls import reverse

from members import services as members
from orgs.models import AuditEvent
from tests.members.factories import make_id
from tests.volunteers import factories
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def _member(cast, org, staff, id_number, name="会员甲"):
    return members.create_member(by=staff, org=org, kind="adult", name=name, id_number=id_number,
                                 phone="13800000021")


def test_volunteer_registered_after_the_member_is_linked(cast, login):
    same = make_id()
    member = _member(cast, cast.t1, cast.t1_staff, same)
    volunteer = factories.volunteer(cast.t1, cast.t1_staff, name="会员甲", id_number=same)
    assert volunteer.member == member

    client = login(cast.t1_staff)
    vol_page = client.get(reverse("volunteers:detail", args=[volunteer.pk])).content.decode()
    assert reverse("members:detail", args=[member.pk]) in vol_page and member.number in vol_page
    member_page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert reverse("volunteers:detail", args=[volunteer.pk]) in member_page


def test_member_created_after_the_volunteer_is_linked(cast):
    same = make_id()
    volunteer = factories.volunteer(cast.t1, cast.t1_staff, id_number=same)
    assert volunteer.member is None
    member = _member(cast, cast.t1, cast.t1_staff, same)
    volunteer.refresh_from_db()
    assert volunteer.member == member


def test_members_imported_from_excel_are_linked(cast):
    from members import excel
    from tests.members.test_excel import row, sheet

    same, other = make_id(), make_id()
    volunteer = factories.volunteer(cast.t1, cast.t1_staff, id_number=same)
    result = excel.import_members(sheet([row(cast.t1, same, "甲"), row(cast.t1, other, "乙")]),
                                  by=cast.t1_staff, dry_run=False)
    assert result.saved == 2
    volunteer.refresh_from_db()
    assert volunteer.member is not None and volunteer.member.name == "甲"


def test_no_link_across_branches_and_different_people_are_not_linked(cast):
    same = make_id()
    _member(cast, cast.t3, cast.t3_staff, same)  # 岳阳镇, another district
    volunteer = factories.volunteer(cast.t1, cast.t1_staff, id_number=same)
    assert volunteer.member is None  # the t1 staff cannot see that member: nothing learnt, nothing linked
    other = factories.volunteer(cast.t1, cast.t1_staff)
    _member(cast, cast.t1, cast.t1_staff, make_id())
    other.refresh_from_db()
    assert other.member is None


def test_staff_unlink_and_link_by_member_number(cast, login):
    same = make_id()
    member = _member(cast, cast.t1, cast.t1_staff, same)
    volunteer = factories.volunteer(cast.t1, cast.t1_staff, id_number=same)
    client = login(cast.t1_staff)

    client.post(reverse("volunteers:member_unlink", args=[volunteer.pk]))
    assert Volunteer.objects.get(pk=volunteer.pk).member is None
    assert AuditEvent.objects.filter(action="volunteer.member_unlinked", object_id=str(volunteer.pk)).exists()

    client.post(reverse("volunteers:member_link", args=[volunteer.pk]), {"number": member.number})
    assert Volunteer.objects.get(pk=volunteer.pk).member == member
    assert AuditEvent.objects.filter(action="volunteer.member_linked", object_id=str(volunteer.pk)).exists()


def test_link_to_a_different_person_is_refused_with_a_message(cast, login):
    stranger = _member(cast, cast.t1, cast.t1_staff, make_id(), name="另一人")
    volunteer = factories.volunteer(cast.t1, cast.t1_staff)
    resp = login(cast.t1_staff).post(reverse("volunteers:member_link", args=[volunteer.pk]),
                                     {"number": stranger.number}, follow=True)
    assert "身份证号码与志愿者不一致" in resp.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).member is None


def test_staff_may_not_link_a_member_outside_scope(cast, login):
    same = make_id()
    theirs = _member(cast, cast.t3, cast.t3_staff, same)
    volunteer = factories.volunteer(cast.t1, cast.t1_staff, id_number=same)
    resp = login(cast.t1_staff).post(reverse("volunteers:member_link", args=[volunteer.pk]),
                                     {"number": theirs.number}, follow=True)
    assert "没有该会员编号" in resp.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).member is None
