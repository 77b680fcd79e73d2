from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from grassroots import checks
from grassroots import services as grassroots
from orgs.models import LeadershipTerm
from tests.conftest import make_user
from tests.volunteers import factories
from volunteers import selectors, services
from volunteers.models import RecordStatus, ServiceRecord, Volunteer, VolunteerSpell

DAY = date(2026, 3, 1)


@pytest.fixture
def vol(cast):
    return factories.volunteer(cast.t1, cast.t1_staff)


def test_registration_validates_and_masks_id(cast):
    with pytest.raises(ValidationError) as exc:
        factories.volunteer(cast.t1, cast.t1_staff, id_number="512002199001010011", phone="12345")
    assert set(exc.value.message_dict) == {"id_number", "phone"}
    v = factories.volunteer(cast.t1, cast.t1_staff, phone="13912345678")
    assert "*" in v.masked_id and v.masked_id != v.id_number
    assert v.masked_phone != v.phone


def test_duplicate_id_refused_via_keyed_hash(cast):
    rid = factories.resident_id()
    factories.volunteer(cast.t1, cast.t1_staff, id_number=rid)
    with pytest.raises(ValidationError) as exc:
        factories.volunteer(cast.t3, cast.t3_staff, id_number=rid.lower())
    assert "已登记" in exc.value.message_dict["id_number"][0]
    assert rid not in Volunteer.objects.get().id_hash


def test_staff_cannot_register_in_sibling_branch(cast):
    with pytest.raises(Http404):
        factories.volunteer(cast.t3, cast.t1_staff)


def test_hours_must_be_positive_and_at_most_24_a_day(cast, vol):
    with pytest.raises(ValidationError):
        services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=0)
    services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=20)
    with pytest.raises(ValidationError) as exc:
        services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=5)
    assert "24" in exc.value.message_dict["hours"][0]
    services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=4)
    services.log_hours(vol, by=cast.t1_staff, served_on=DAY + timedelta(days=1), hours=24)
    logged = ServiceRecord.objects.filter(volunteer=vol).order_by("pk").values_list("served_on", "hours")
    assert list(logged) == [(DAY, 20), (DAY, 4), (DAY + timedelta(days=1), 24)]


def test_rejected_hours_free_the_day(cast, vol):
    record = services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=24)
    with pytest.raises(ValidationError):  # while the record stands the day is full
        services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=1)
    services.reject_record(record, by=cast.d1_reviewer)
    again = services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=24)
    on_the_day = ServiceRecord.objects.filter(volunteer=vol, served_on=DAY).order_by("pk")
    assert list(on_the_day.values_list("pk", "status", "hours")) == [
        (record.pk, RecordStatus.REJECTED, 24), (again.pk, RecordStatus.PENDING, 24)]


def test_hours_count_only_after_approval(cast, vol):
    record = services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=3)
    assert selectors.volunteer_hours(vol) == 0
    services.approve_record(record, by=cast.d1_reviewer)
    assert selectors.volunteer_hours(vol) == Decimal(3)
    with pytest.raises(ValidationError):
        services.approve_record(record, by=cast.d1_reviewer)


def test_approval_by_other_district_is_404_and_by_volunteer_403(cast, vol):
    record = services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=3)
    with pytest.raises(Http404):
        services.approve_record(record, by=cast.d2_reviewer)
    own = make_user("v_self", cast.t1, "volunteer")
    with pytest.raises(PermissionDenied):
        services.approve_record(record, by=own)


def test_team_record_is_approved_by_team_org_or_above(cast, vol):
    team = services.create_team(org=cast.d1, by=cast.d1_admin, name="雁江区应急救护队", specialty="first_aid",
                                founded_on=date(2025, 1, 1))
    record = services.log_hours(vol, by=cast.d1_admin, served_on=DAY, hours=2, team=team)
    with pytest.raises(Http404):  # the team sits above the town: town staff may not approve
        services.approve_record(record, by=cast.t1_staff)
    services.approve_record(record, by=cast.d1_reviewer)
    assert selectors.team_hours(team) == 2


def test_totals_as_of_a_date_per_volunteer_org_and_subtree(cast, vol):
    other = factories.volunteer(cast.v1, cast.t1_staff)
    far = factories.volunteer(cast.t3, cast.t3_staff)
    for v, day, hours, by in ((vol, DAY, 3, cast.d1_reviewer), (vol, DAY + timedelta(days=10), 5,
                                                                cast.d1_reviewer),
                              (other, DAY, 2, cast.d1_reviewer), (far, DAY, 7, cast.d2_reviewer)):
        services.approve_record(services.log_hours(v, by=cast.city_admin, served_on=day, hours=hours), by=by)
    services.log_hours(vol, by=cast.t1_staff, served_on=DAY, hours=1)  # pending: never counts
    assert selectors.volunteer_hours(vol, on=DAY) == 3
    assert selectors.volunteer_hours(vol) == 8
    approved = ServiceRecord.objects.approved
    assert approved(DAY).filter(credited_org=cast.t1).total_hours() == 3
    assert approved(DAY).credited_within(cast.t1).total_hours() == 5
    assert approved().credited_within(cast.city).total_hours() == 17
    assert approved(DAY - timedelta(days=1)).credited_within(cast.d2).total_hours() == 0
    assert VolunteerSpell.objects.open_on(timezone.localdate()).within(cast.d1).count() == 2
    annotated = {v.pk: v.approved_hours for v in selectors.with_hours(Volunteer.objects.all(), on=DAY)}
    assert annotated[vol.pk] == 3 and annotated[far.pk] == 7


def test_each_total_is_one_query(cast, vol, django_assert_num_queries):
    with django_assert_num_queries(1):
        ServiceRecord.objects.approved(DAY).credited_within(cast.city).total_hours()
    with django_assert_num_queries(1):
        selectors.volunteer_hours(vol, on=DAY)


def test_roster_entry_is_all_or_nothing(cast, vol):
    other = factories.volunteer(cast.t1, cast.t1_staff)
    act = factories.activity(cast.t1, cast.t1_staff, roster=[vol, other])
    services.log_hours(other, by=cast.t1_staff, served_on=act.held_on, hours=22)
    with pytest.raises(ValidationError) as exc:
        services.log_roster_hours(act, {vol: 3, other: 3}, by=cast.t1_staff)
    assert other.name in exc.value.messages[0]
    assert ServiceRecord.objects.count() == 1
    assert len(services.log_roster_hours(act, {vol: 3, other: 2}, by=cast.t1_staff)) == 2


def test_volunteer_reports_own_hours_pending(cast, vol):
    account = make_user("v_self", cast.t1, "volunteer")
    vol.user = account
    vol.save()
    record = services.report_own_hours(by=account, served_on=DAY, hours=2)
    assert record.status == RecordStatus.PENDING and record.volunteer == vol
    assert list(ServiceRecord.objects.visible_to(account)) == [record]
    other = factories.volunteer(cast.t1, cast.t1_staff)
    assert list(Volunteer.objects.visible_to(account)) == [vol]
    assert other not in Volunteer.objects.visible_to(account)


def test_certificate_defaults_to_three_years_and_expiry_lists(cast, vol):
    cert = services.issue_certificate(vol, by=cast.d1_reviewer, number="JH-001", issued_on=date(2023, 6, 1))
    assert cert.expires_on == date(2026, 5, 31)
    assert cert.issuing_body == cast.d1
    qs = cert.__class__.objects.all()
    assert list(selectors.expiring_certificates(qs, within_days=90, on=date(2026, 4, 1))) == [cert]
    assert list(selectors.expiring_certificates(qs, within_days=30, on=date(2026, 4, 1))) == []
    assert list(qs.expired_on(date(2026, 6, 1))) == [cert] and not qs.expired_on(date(2026, 5, 31)).exists()
    assert list(selectors.valid_certificates(qs, on=date(2026, 5, 31))) == [cert]


def test_five_haves_derived_from_data(cast, vol):
    items = {i.label: i.ok for i in checks.five_haves(cast.t2, on=DAY)}
    assert not any(items.values())
    items = {i.label: i.ok for i in checks.five_haves(cast.t1, on=DAY)}
    assert items["有稳定的会员和志愿者队伍"] and not items["有红十字特色的活动"]
    LeadershipTerm.objects.create(org=cast.t1, role="president", person_name="会长甲", starts_on=date(2024,
                                                                                                   1, 1))
    factories.activity(cast.t1, cast.t1_staff, held_on=DAY - timedelta(days=30))
    factories.activity(cast.t2, cast.t2_staff, held_on=DAY - timedelta(days=400))
    grassroots.save_org_profile(cast.t1, by=cast.t1_staff, rules_on_file=True, platform="社区红十字服务站",
                              annual_funding=Decimal("5000"))
    assert all(i.ok for i in checks.five_haves(cast.t1, on=DAY))
    t2 = checks.five_haves(cast.t2, on=DAY)
    assert [i.missing for i in t2 if i.label == "有红十字特色的活动"] == ["近12个月没有登记活动。"]
