"""Members' rules and pages beyond the basics: the GB 11643 check on member fields, dues and
honours pages, and the Django admin's scoped, masked member list."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.identity import id_check_char
from members import services
from members.models import DuesPayment, Honour, Kind
from tests.members.factories import make_id


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2000, 12, 31)), st.integers(0, 999),
       st.sampled_from("0123456789X"))
@settings(max_examples=200, deadline=None)
def test_member_fields_use_gb11643(born, seq, last):
    first17 = f"110105{born:%Y%m%d}{seq:03d}"
    if last == id_check_char(first17):
        clean = services.check_member_fields(kind=Kind.ADULT, name="甲", id_number=first17 + last,
                                             phone="13800000000", joined_on=date(2025, 1, 1))
        assert clean["birth_date"] == born
    else:
        with pytest.raises(ValidationError):
            services.check_member_fields(kind=Kind.ADULT, name="甲", id_number=first17 + last,
                                         phone="13800000000", joined_on=date(2025, 1, 1))


@pytest.fixture
def member(cast):
    return services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.ADULT, name="缴费人",
                                  id_number=make_id(), phone="13800000000")


def test_pay_dues_page(cast, login, member):
    client = login(cast.t1_staff)
    client.post(reverse("members:pay", args=[member.pk]), {"year": 2025, "amount": "10"})
    assert DuesPayment.objects.get().amount == 10
    client.post(reverse("members:pay", args=[member.pk]), {"year": 2024, "amount": "50"})
    assert DuesPayment.objects.count() == 1
    assert login(cast.t3_staff).post(reverse("members:pay", args=[member.pk]),
                                     {"year": 2024, "amount": "5"}).status_code == 404
    assert login(cast.d1_reviewer).post(reverse("members:pay", args=[member.pk]),
                                        {"year": 2024, "amount": "5"}).status_code == 403


def test_honour_page(cast, login, member):
    url = reverse("members:honour_add", args=[cast.t1.pk])
    assert login(cast.t3_staff).get(url).status_code == 404
    assert login(cast.d1_reviewer).get(url).status_code == 403
    resp = login(cast.t1_staff).post(url, {"kind": "red_list", "year": 2025, "name": "缴费人"})
    assert resp.status_code == 302
    assert Honour.objects.get().member == member
    assert "红人榜" in login(cast.t1_staff).get(reverse("orgs:detail", args=[cast.t1.pk])).content.decode()


def test_admin_is_scoped_and_masked(cast, login, member):
    other = services.create_member(by=cast.t3_staff, org=cast.t3, kind=Kind.ADULT, name="外区",
                                   id_number=make_id(), phone="13900000000")
    client = login(cast.d1_admin)
    html = client.get(reverse("admin:members_member_changelist")).content.decode()
    assert member.number in html and other.number not in html and member.full_id not in html
    change = client.get(reverse("admin:members_member_change", args=[other.pk]))
    assert change.status_code == 404
    assert client.get(reverse("admin:members_member_change", args=[member.pk])).status_code == 200
