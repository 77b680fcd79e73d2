from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from members import services
from members.models import DuesRule, Kind, Member, Spell, Status
from tests.members.factories import bad_check, make_credit, make_id


def add(cast, org=None, by=None, **kw):
    data = {"kind": Kind.ADULT, "name": "测试会员", "id_number": make_id(), "phone": "13800000000",
            "joined_on": date(2024, 3, 1)}
    data.update(kw)
    return services.create_member(by=by or cast.d1_admin, org=org or cast.t1, **data)


def test_create_numbers_history_and_derived_fields(cast):
    a, b = add(cast), add(cast)
    assert a.number != b.number and a.number.startswith(f"{cast.t1.pk:05d}")
    assert a.gender in ("M", "F") and a.birth_date == date(1990, 5, 17)
    assert a.spells.get().start_reason == Spell.Start.JOINED
    assert a.full_id != a.masked_id and "*" in a.masked_id
    assert len(a.id_hash) == 64 and a.id_hash not in a.full_id


def test_numbers_never_reused_after_delete(cast):
    a = add(cast)
    number = a.number
    a.delete()
    assert add(cast).number != number


def test_bad_check_digit_and_duplicates_refused_in_chinese(cast):
    with pytest.raises(ValidationError) as exc:
        add(cast, id_number=bad_check(make_id()))
    assert "校验位" in str(exc.value)
    value = make_id()
    add(cast, id_number=value)
    with pytest.raises(ValidationError) as exc:
        add(cast, id_number=value.lower(), org=cast.v1)
    assert "已登记" in str(exc.value)


def test_youth_rules(cast):
    with pytest.raises(ValidationError):
        add(cast, kind=Kind.YOUTH, id_number=make_id(date(1990, 1, 1)))
    assert add(cast, kind=Kind.YOUTH, id_number=make_id(date(2000, 1, 1)), in_school=True)
    assert add(cast, kind=Kind.YOUTH, id_number=make_id(date(2015, 1, 1)))
    with pytest.raises(ValidationError):
        add(cast, kind=Kind.ADULT, id_number=make_id(date(2015, 2, 1)))


def test_group_member_needs_valid_credit_code(cast):
    m = add(cast, kind=Kind.GROUP, id_number="", phone="", credit_code=make_credit(), contact_person="联系人")
    assert m.id_hash is None
    with pytest.raises(ValidationError) as exc:
        good = make_credit()
        wrong_check_digit = good[:17] + ("1" if good[-1] == "0" else "0")
        add(cast, kind=Kind.GROUP, id_number="", phone="", credit_code=wrong_check_digit, contact_person="x")
    assert "credit_code" in exc.value.error_dict or "统一社会信用代码" in str(exc.value)


def test_scope_and_role(cast):
    with pytest.raises(Http404):
        services.create_member(by=cast.t3_staff, org=cast.t1, kind=Kind.ADULT, name="x",
                               id_number=make_id(), phone="13800000000")
    with pytest.raises(PermissionDenied):
        services.create_member(by=cast.d1_reviewer, org=cast.t1, kind=Kind.ADULT, name="x",
                               id_number=make_id(), phone="13800000000")


def test_dues_rules_default_and_lapse_is_derived(cast):
    assert DuesRule.for_kind(Kind.ADULT).max_amount == Decimal("10")
    assert DuesRule.for_kind(Kind.YOUTH).max_amount == Decimal("5")
    m = add(cast, joined_on=date(2020, 1, 1))
    today = date(2026, 6, 1)
    assert Member.objects.with_lapse(today).get(pk=m.pk).lapsed
    with pytest.raises(ValidationError):
        services.pay_dues(m, by=cast.t1_staff, year=2025, amount=Decimal("11"))
    p = services.pay_dues(m, by=cast.t1_staff, year=2025, amount=Decimal("10"))
    assert p.share_up == Decimal("2.00")
    assert not Member.objects.with_lapse(today).get(pk=m.pk).lapsed
    assert Member.objects.with_lapse(date(2028, 1, 1)).get(pk=m.pk).lapsed
    assert Member.objects.with_status(Status.LAPSED, date(2028, 1, 1)).filter(pk=m.pk).exists()
    young = add(cast, joined_on=date(2025, 6, 1))
    assert not Member.objects.with_lapse(today).get(pk=young.pk).lapsed


def test_lapse_read_from_the_members_dues_bits_agrees_with_the_payments(cast, monkeypatch):
    """The list reads ``dues_years`` (bits written by ``pay_dues``); windows outside its span ask
    the payments table. Both must say the same for every member on every day."""
    paid_years = [(), (2019,), (2024,), (2025,), (2024, 2025), (2023, 2026), (2021, 2022, 2026), (2061, 2062)]
    members = [add(cast, joined_on=date(2018, 3, 1)) for _ in paid_years]
    for member, years in zip(members, paid_years, strict=True):
        for year in years:
            services.pay_dues(member, by=cast.t1_staff, year=year, amount=Decimal("10"))
    assert Member.objects.get(pk=members[4].pk).dues_years == (1 << 24) | (1 << 25)
    days = [date(y, 6, 1) for y in (2019, 2021, 2024, 2025, 2026, 2027, 2028, 2063, 2064, 2070)]

    def lapsed(on):
        return dict(Member.objects.with_lapse(on).filter(pk__in=[m.pk for m in members])
                    .values_list("pk", "lapsed"))

    from_bits = {on: lapsed(on) for on in days}
    monkeypatch.setattr("members.models.DUES_SPAN", 0)  # every window now asks the payments table
    assert from_bits == {on: lapsed(on) for on in days}
    assert from_bits[date(2026, 6, 1)][members[0].pk] and not from_bits[date(2026, 6, 1)][members[3].pk]
    assert not from_bits[date(2063, 6, 1)][members[7].pk] and from_bits[date(2070, 6, 1)][members[7].pk]


def test_transfer_keeps_history_and_as_of_counts(cast):
    m = add(cast, joined_on=date(2024, 1, 10))
    add(cast, org=cast.t2, joined_on=date(2024, 1, 10))
    # t1 staff cannot accept on t3's behalf; the receiving org does.
    t = services.request_transfer(m, by=cast.t1_staff, to_org=cast.t3)
    with pytest.raises(Http404):
        services.decide_transfer(t, by=cast.t1_staff, accept=True)
    services.decide_transfer(t, by=cast.t3_staff, accept=True, on=date(2025, 7, 1))
    m.refresh_from_db()
    assert m.org == cast.t3
    spells = list(m.spells.order_by("start"))
    assert [(s.org, s.start_reason, s.end_reason) for s in spells] == [
        (cast.t1, "joined", "transfer_out"), (cast.t3, "transfer_in", "")]
    before, after = date(2025, 6, 30), date(2025, 7, 1)

    def members_as_of(on, org):
        return Spell.objects.open_on(on).within(org).members()

    assert members_as_of(before, cast.d1).count() == 2
    assert members_as_of(before, cast.d2).count() == 0
    assert members_as_of(after, cast.d1).count() == 1
    assert members_as_of(after, cast.d2).count() == 1
    assert members_as_of(after, cast.city).count() == 2
    assert members_as_of(date(2023, 1, 1), cast.city).count() == 0
    services.leave(m, by=cast.t3_staff, on=date(2026, 1, 1))
    assert members_as_of(date(2026, 1, 1), cast.city).count() == 1
    assert members_as_of(date(2025, 12, 31), cast.city).count() == 2
    assert members_as_of(after, cast.city).visible_to(cast.t2_staff).count() == 1


def test_application_approve_and_reject(cast):
    app = services.submit_application(org=cast.t1, kind=Kind.ADULT, name="申请人", id_number=make_id(),
                                      phone="13900000000")
    with pytest.raises(Http404):
        services.decide_application(app, by=cast.t3_staff, approve=True)
    app = services.decide_application(app, by=cast.t1_staff, approve=True)
    assert app.member.number and app.member.org == cast.t1
    other = services.submit_application(org=cast.t1, kind=Kind.ADULT, name="乙", id_number=make_id(),
                                        phone="13900000001")
    with pytest.raises(ValidationError):
        services.decide_application(other, by=cast.t1_staff, approve=False)
    other = services.decide_application(other, by=cast.t1_staff, approve=False, reason="信息不全")
    assert other.state == "rejected" and other.member is None


def test_lapse_follows_the_rules_lapse_years(cast, login):
    """会费标准 are data: a body that counts three unpaid years (not two) as leaving is obeyed."""
    from django.urls import reverse

    year = date.today().year
    m = add(cast, joined_on=date(year - 5, 1, 1))
    youth = add(cast, kind=Kind.YOUTH, joined_on=date(year - 5, 1, 1), id_number=make_id(date(year - 15, 1, 1)),
                in_school=True)
    for member in (m, youth):
        services.pay_dues(member, by=cast.t1_staff, year=year - 3, amount=Decimal("5"))
    lapsed_url = reverse("members:list") + "?status=lapsed"
    html = login(cast.t1_staff).get(lapsed_url).content.decode()
    assert m.number in html and youth.number in html  # default: 2 unpaid years

    DuesRule.objects.create(kind=Kind.ADULT, max_amount=Decimal("10"), lapse_years=3,
                            effective_from=date(2010, 1, 1))
    html = login(cast.t1_staff).get(lapsed_url).content.decode()
    assert m.number not in html and youth.number in html  # the youth rule still counts two years
    assert Member.objects.with_lapse().get(pk=m.pk).effective_status() == Status.ACTIVE
    assert Member.objects.with_lapse().get(pk=youth.pk).effective_status() == Status.LAPSED


def test_member_page_shows_the_share_passed_up(cast, login):
    from django.urls import reverse

    m = add(cast, joined_on=date(2025, 1, 1))
    services.pay_dues(m, by=cast.t1_staff, year=2025, amount=Decimal("10"))
    html = login(cast.t1_staff).get(reverse("members:detail", args=[m.pk])).content.decode()
    assert "应上缴上级（元）" in html and "<td>2.00</td>" in html  # 20% by default
