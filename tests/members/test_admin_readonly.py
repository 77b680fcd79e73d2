"""Django admin cannot go around members.services: members are view/export only there."""

import pytest
from django.urls import reverse

from members import services
from members.models import DuesPayment, Kind, Member, Spell
from tests.members.factories import make_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(cast):
    return services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.ADULT, name="管理后台测试",
                                  id_number=make_id(), phone="13800000031")


def test_admin_change_page_is_read_only_and_a_post_changes_nothing(cast, login, member):
    client = login(cast.d1_admin)
    url = reverse("admin:members_member_change", args=[member.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()
    resp = client.post(url, {"name": "改名", "in_school": "on", "contact_person": "x"})
    assert resp.status_code == 403
    assert Member.objects.get(pk=member.pk).name == "管理后台测试"


def test_admin_cannot_delete_members_or_dues_and_spells_stay(cast, login, member):
    payment = services.pay_dues(member, by=cast.t1_staff, year=2026, amount=5)
    client = login(cast.d1_admin)
    assert client.post(reverse("admin:members_member_delete", args=[member.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:members_duespayment_delete", args=[payment.pk]),
                       {"post": "yes"}).status_code == 403
    assert Member.objects.filter(pk=member.pk).exists() and DuesPayment.objects.filter(pk=payment.pk).exists()
    assert Spell.objects.filter(member=member).count() == 1
    changelist = client.get(reverse("admin:members_member_changelist")).content.decode()
    assert member.number in changelist and "删除所选" not in changelist


def test_volunteer_admin_does_not_offer_members_of_other_branches(cast, login):
    from tests.volunteers import factories

    services.create_member(by=cast.t3_staff, org=cast.t3, kind=Kind.ADULT, name="外区会员", id_number=make_id(),
                           phone="13800000032")
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    page = login(cast.d1_admin).get(reverse("admin:volunteers_volunteer_change", args=[vol.pk])).content.decode()
    assert "外区会员" not in page and 'name="member"' not in page


def test_admin_changelist_offers_export_and_the_portals_import(cast, login, member):
    from django.urls import reverse as url

    page = login(cast.d1_admin).get(url("admin:members_member_changelist")).content.decode()
    assert f'href="{url("members:import")}"' in page
    assert url("admin:members_member_export") in page
