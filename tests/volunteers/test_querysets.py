"""The volunteers app's dated querysets, at the edges of their spans: the first day counts, an end
date (leaving, dissolving) does not, a certificate is valid through its expiry date, and hours count
once approved and served by the date."""

from datetime import date
from decimal import Decimal

import pytest

from tests.volunteers import factories
from volunteers import services
from volunteers.models import FirstAidCertificate, ServiceRecord, ServiceTeam, Specialty, VolunteerSpell

pytestmark = pytest.mark.django_db


def test_on_the_register_from_registration_at_the_org_of_the_day(cast):
    factories.volunteer(cast.t1, cast.t1_staff, registered_on=date(2025, 1, 1))
    factories.volunteer(cast.t3, cast.t3_staff, registered_on=date(2025, 1, 1))
    spells = VolunteerSpell.objects.open_on
    assert [spells(d).within(cast.d1).count() for d in (date(2024, 12, 31), date(2025, 1, 1))] == [0, 1]
    assert spells(date(2025, 1, 1)).within(cast.city).count() == 2


def test_a_team_is_alive_from_its_founding_until_the_day_it_is_dissolved(cast):
    services.create_team(org=cast.t1, by=cast.t1_staff, name="应急救护队", specialty=Specialty.FIRST_AID,
                         founded_on=date(2025, 1, 1))
    services.move_teams_with_org(cast.t1, cast.t2, on=date(2026, 1, 1), by=cast.d1_admin)
    alive = ServiceTeam.objects.alive_on
    assert [alive(d).within(cast.t1).count() for d in (date(2024, 12, 31), date(2025, 1, 1), date(2025, 12, 31),
                                                       date(2026, 1, 1))] == [0, 1, 1, 0]
    assert [alive(d).within(cast.t2).count() for d in (date(2025, 12, 31), date(2026, 1, 1))] == [0, 1]
    assert alive(date(2026, 1, 1)).within(cast.d1).count() == 1  # never counted twice on the day


def test_hours_count_once_approved_and_served_by_the_date_where_credited(cast):
    near = factories.volunteer(cast.t1, cast.t1_staff)
    far = factories.volunteer(cast.t3, cast.t3_staff)
    day = date(2026, 3, 1)
    services.approve_record(services.log_hours(near, by=cast.t1_staff, served_on=day, hours="1.25"),
                            by=cast.d1_reviewer)
    services.approve_record(services.log_hours(far, by=cast.t3_staff, served_on=day, hours=2), by=cast.d2_reviewer)
    services.log_hours(near, by=cast.t1_staff, served_on=day, hours=3)  # pending
    approved = ServiceRecord.objects.approved
    assert approved(date(2026, 2, 28)).total_hours() == 0
    assert (approved(day).credited_within(cast.d1).total_hours(), approved().total_hours()) == (
        Decimal("1.25"), Decimal("3.25"))
    assert ServiceRecord.objects.count() == 3


def test_a_certificate_is_valid_through_its_expiry_date(cast):
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    cert = services.issue_certificate(vol, by=cast.d1_reviewer, number="JH-9", issued_on=date(2023, 6, 1))
    certificates = FirstAidCertificate.objects
    assert cert.expires_on == date(2026, 5, 31)
    assert [certificates.valid_on(d).count() for d in (date(2023, 5, 31), date(2023, 6, 1), date(2026, 5, 31),
                                                       date(2026, 6, 1))] == [0, 1, 1, 0]
    assert [certificates.expired_on(d).count() for d in (date(2026, 5, 31), date(2026, 6, 1))] == [0, 1]
    assert [certificates.expiring(date(2026, 4, 1), days).count() for days in (59, 60)] == [0, 1]
