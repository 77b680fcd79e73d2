"""``generate_scale_data``: deterministic, valid, the counts asked for, and the
statistics of the generated tree agree with counts made directly on the rows."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Sum

from demo import scale
from filings.models import Filing
from lib import identity
from members import pii
from members.models import DuesPayment, Kind, Member, MemberCounter, Spell
from orgs.models import GRASSROOTS_LEVELS, Organization
from reports import statistics
from volunteers.models import (
    Activity,
    RecordStatus,
    ServiceRecord,
    ServiceTeam,
    Specialty,
    TeamMembership,
    Volunteer,
    VolunteerSpell,
    VolunteerStatus,
)

pytestmark = pytest.mark.django_db

SMALL = scale.Request(members=600, volunteers=200, orgs=300, service_records=500, seed=7)
ON = date(2026, 6, 30)


def _wipe():
    for model in (ServiceRecord, TeamMembership, ServiceTeam, Activity, Volunteer, DuesPayment, Spell,
                  MemberCounter, Member, Filing):
        model.objects.all().delete()
    Organization.objects.all().delete()


def _snapshot():
    members = list(Member.objects.order_by("pk").values_list("org__path", "kind", "name", "id_hash", "credit_code",
                                                             "joined_on", "status", "birth_date"))
    records = list(ServiceRecord.objects.order_by("pk").values_list("volunteer__id_hash", "served_on",
                                                                    "hours", "team__name"))
    return members, records


def test_command_writes_the_counts_asked_for_and_reports_throughput():
    out = StringIO()
    call_command("generate_scale_data", "--members", "300", "--volunteers", "120", "--orgs", "200",
                 "--service-records", "250", "--seed", "3", "--provinces", "1", stdout=out)
    assert Member.objects.count() == 300
    assert Volunteer.objects.count() == 120
    assert ServiceRecord.objects.filter(status=RecordStatus.APPROVED).count() == 250
    assert Organization.objects.count() >= 200
    assert Organization.objects.filter(depth=1).count() == 1
    assert "行/秒" in out.getvalue()


def test_same_seed_gives_the_same_rows():
    scale.generate(SMALL)
    first = _snapshot()
    _wipe()
    scale.generate(SMALL)
    assert _snapshot() == first
    _wipe()
    scale.generate(scale.Request(**{**SMALL.__dict__, "seed": 8}))
    assert _snapshot() != first


def test_people_are_valid_and_placed_at_grassroots_orgs():
    scale.generate(SMALL)
    members = list(Member.objects.select_related("org"))
    kinds = Counter(m.kind for m in members)
    assert set(kinds) == {Kind.ADULT, Kind.YOUTH, Kind.GROUP}
    for member in members:
        assert member.org.level in GRASSROOTS_LEVELS
        if member.kind == Kind.GROUP:
            assert identity.validate_credit_code(member.credit_code) == member.credit_code
            assert member.id_hash is None
        else:
            raw = identity.validate_resident_id(member.full_id)
            assert member.id_hash == pii.id_hash(raw)
            assert member.birth_date == identity.id_birth_date(raw)
    for volunteer in Volunteer.objects.all():
        raw = identity.validate_resident_id(volunteer.full_id)
        assert volunteer.id_hash == pii.id_hash(raw)
    # every member has a spell at its org; numbers continue from the counters
    assert Spell.objects.count() >= Member.objects.count()
    assert not Member.objects.exclude(spells__org=F("org")).exists()
    counter = MemberCounter.objects.order_by("org").first()
    assert Member.objects.filter(org=counter.org_id).count() == counter.last
    assert set(ServiceTeam.objects.values_list("specialty", flat=True)) == set(Specialty)
    assert Filing.objects.filter(status="submitted").exists()
    # volunteers 在册 have one open spell at their org since registration, others none; hours are
    # credited to the volunteer's org
    spells = set(VolunteerSpell.objects.values_list("volunteer_id", "org_id", "start", "end"))
    assert spells == {(v.pk, v.org_id, v.registered_on, None)
                      for v in Volunteer.objects.filter(status=VolunteerStatus.ACTIVE)} and spells
    assert not ServiceRecord.objects.exclude(credited_org=F("volunteer__org")).exists()


def test_second_run_adds_a_new_tree_without_clashing():
    scale.generate(SMALL)
    scale.generate(scale.Request(**{**SMALL.__dict__, "seed": 9}))
    assert Member.objects.count() == 2 * SMALL.members
    assert Organization.objects.filter(depth=1).count() == 2
    new = Member.objects.create(kind=Kind.GROUP, name="新单位", org=Organization.objects.filter(
        level="village").first(), number="x-1")  # sequences moved past the generated keys
    assert new.pk > Member.objects.exclude(pk=new.pk).order_by("-pk").first().pk


def test_statistics_agree_with_direct_counts():
    scale.generate(SMALL)
    root = Organization.objects.get(depth=1)
    figures = statistics.survey(root, ON)
    open_spells = Spell.objects.filter(start__lte=ON).exclude(end__lte=ON)
    by_kind = Counter(open_spells.values_list("member__kind", flat=True))
    assert figures[9] == by_kind[Kind.GROUP]
    assert figures[10] == by_kind[Kind.ADULT] > 0
    assert figures[11] == by_kind[Kind.YOUTH] > 0
    assert figures[12] == Volunteer.objects.filter(status=VolunteerStatus.ACTIVE, registered_on__lte=ON).count()
    teams = ServiceTeam.objects.filter(founded_on__lte=ON).exclude(dissolved_on__lte=ON).count()
    assert figures[13] == teams
    hours = ServiceRecord.objects.filter(status=RecordStatus.APPROVED).aggregate(h=Sum("hours"))["h"]
    assert figures[14] == pytest.approx(float(hours))
    grassroots = [o for o in Organization.objects.all() if o.level in GRASSROOTS_LEVELS and o.founded_on
                  and o.founded_on <= ON]
    assert figures[8] == len(grassroots)
