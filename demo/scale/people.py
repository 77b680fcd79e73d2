"""National-scale generated data for benchmarks and load tests (bench/): a tree from
``demo.scale.tree`` and the people in it — members of the three kinds with their spells and dues,
volunteers, service teams of the 8 specialties, team memberships, approved service records,
activities and some filings waiting for review.

Deterministic for a seed: the same arguments on an empty database give the same rows (keys, and
member numbers which embed the org key, aside). ID numbers are valid GB 11643 numbers (credit
codes GB 32100) and go through ``lib.pii`` (through ``members.pii``), never in a storage format of
their own. It lives in ``reports`` because it writes to every app, as statistics read from all.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from demo.scale import tree as scale
from demo.scale.bulk import Loader, skip_row_triggers
from filings.models import Filing
from filings.models import Status as FilingStatus
from lib import identity
from members import pii
from members.models import DuesPayment, Kind, Member, MemberCounter, Spell, Status, dues_bits
from orgs.models import GRASSROOTS_LEVELS, Level, Organization, OrgStatus
from people.models import gender_of
from volunteers.models import (
    Activity,
    ActivityType,
    RecordStatus,
    ServiceRecord,
    ServiceTeam,
    Specialty,
    TeamMembership,
    Volunteer,
    VolunteerSpell,
    VolunteerStatus,
)

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
            "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力燕鹏宇浩凯秀云海波鑫晨欣悦思雨婷子涵梓轩俊博"
SKILLS = ("急救", "驾驶", "心理疏导", "外语", "医疗护理", "水上救援", "通信", "组织协调", "摄影宣传", "")
UNITS = ("科技有限公司", "实业有限公司", "医药有限公司", "建设集团有限公司", "商贸有限公司", "物流有限公司")
PROVINCES = sorted(identity.PROVINCE_CODES)
END = date(2026, 6, 30)  # nothing generated happens after this day
AS_OF = timezone.make_aware(datetime(2026, 7, 1))


@dataclass(frozen=True)
class Request:
    members: int
    volunteers: int
    orgs: int
    service_records: int
    seed: int = 1
    provinces: int | None = None  # None: about one per 100 counties, as in China


def generate(req: Request) -> dict[str, int]:
    """Build the tree and fill it; one transaction; returns rows written per model."""
    with transaction.atomic():
        last_org = Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        scale.build_tree(req.orgs, seed=req.seed, provinces=req.provinces)
        orgs = list(Organization.objects.filter(pk__gt=last_org).order_by("path")
                    .values_list("pk", "path", "level", "status"))
        rng = random.Random(req.seed)
        loader = Loader()
        skip_row_triggers()
        _members(loader, rng, orgs, req.members)
        volunteers = _volunteers(loader, rng, orgs, req.volunteers)
        teams = _teams(loader, rng, orgs, max(8, req.volunteers // 100))
        volunteer_teams = _team_memberships(loader, rng, volunteers, teams)
        _service_records(loader, rng, volunteers, volunteer_teams, req.service_records)
        _activities(loader, rng, orgs, max(1, len(orgs) // 2))
        _filings(loader, rng, orgs, req.seed)
        counts = loader.close()
        counts["orgs.Organization"] = len(orgs)
        return counts


def _day(rng: random.Random, first: date, last: date = END) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


class _UniqueIds:
    """Valid GB 11643 resident IDs drawn from a seeded generator, distinct from each other and
    from those already stored (compared by blind index, as the services do)."""

    def __init__(self, rng: random.Random, hash_fn, taken):
        self.rng, self.hash_fn, self.taken = rng, hash_fn, set(taken)

    def draw(self, born_from: date, born_to: date) -> tuple[str, str]:
        while True:
            first17 = (f"{self.rng.choice(PROVINCES)}{self.rng.randint(1, 19):02d}{self.rng.randint(1, 29):02d}"
                       f"{_day(self.rng, born_from, born_to):%Y%m%d}{self.rng.randrange(1000):03d}")
            raw = first17 + identity.id_check_char(first17)
            digest = self.hash_fn(raw)
            if digest not in self.taken:
                self.taken.add(digest)
                return raw, digest


def _credit_code(index: int, region: str) -> str:
    """A GB 32100 code for the ``index``-th group member: unique by construction."""
    body, n = "", index
    for _ in range(9):
        n, r = divmod(n, len(identity.CREDIT_ALPHABET))
        body = identity.CREDIT_ALPHABET[r] + body
    first17 = "91" + region + body
    return first17 + identity.credit_check_char(first17)


def _weighted_grassroots(orgs) -> tuple[list, list[int]]:
    """Grassroots orgs that may hold people, with villages and units weighted above towns."""
    places, weights = [], []
    for org in orgs:
        if org[2] in GRASSROOTS_LEVELS:
            places.append(org)
            weights.append(1 if org[2] in (Level.TOWN, Level.DEPARTMENT) else 4)
    return places, weights


def _members(loader: Loader, rng, orgs, count: int) -> None:
    ids = _UniqueIds(rng, pii.id_hash, Member.objects.exclude(id_hash=None).values_list("id_hash", flat=True))
    members = loader.table(Member, ["kind", "name", "gender", "id_number", "id_hash", "id_tail", "birth_date",
                                    "in_school", "phone", "credit_code", "contact_person", "org_id", "joined_on",
                                    "number", "status", "left_on", "created_at", "dues_years"])
    spells = loader.table(Spell, ["member_id", "org_id", "start", "start_reason", "end", "end_reason",
                                  "counterpart_id"])
    dues = loader.table(DuesPayment, ["member_id", "year", "amount", "paid_on", "org_id"])
    places, weights = _weighted_grassroots(orgs)
    numbers: dict[int, int] = {}
    for i, org in enumerate(rng.choices(places, weights=weights, k=count)):
        pk, roll = members.take_pk(), rng.random()
        kind = Kind.GROUP if roll < 0.03 else Kind.YOUTH if roll < 0.2 else Kind.ADULT
        joined = _day(rng, date(2012, 1, 1))
        if kind == Kind.GROUP:
            name = f"{org[1][-4:]}{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(UNITS)}"
            id_number = id_hash = born = None
            gender, phone, in_school = "", _phone(rng) if rng.random() < 0.5 else "", False
            credit_code, contact = _credit_code(i, f"{rng.choice(PROVINCES)}0{rng.randint(100, 999)}"), _name(rng)
        else:
            young = kind == Kind.YOUTH
            raw, id_hash = ids.draw(*((date(2009, 7, 1), date(2019, 12, 31)) if young
                                      else (date(1946, 1, 1), date(2004, 12, 31))))
            id_number, born = pii.seal(raw), identity.id_birth_date(raw)
            gender, phone, in_school = "M" if identity.id_is_male(raw) else "F", _phone(rng), young
            credit_code, contact, name = "", "", _name(rng)
            if young:
                joined = max(joined, born + timedelta(days=6 * 366))
        numbers[org[0]] = numbers.get(org[0], 0) + 1
        left_on = _day(rng, joined) if rng.random() < 0.04 and joined < END else None
        tail = raw[-4:] if id_hash else ""
        paid = []
        if kind != Kind.GROUP and not left_on:
            amount = Decimal("5.00") if kind == Kind.YOUTH else Decimal("10.00")
            for year, share in ((2024, 0.3), (2025, 0.5)):
                if joined.year <= year and rng.random() < share:
                    paid.append(year)
                    dues.add((dues.take_pk(), pk, year, amount, date(year, rng.randint(1, 12), rng.randint(1, 28)),
                              org[0]))
        members.add((pk, kind, name, gender, id_number or "", id_hash, tail, born, in_school, phone, credit_code,
                     contact, org[0], joined, f"{org[0]:05d}{numbers[org[0]]:06d}",
                     Status.LEFT if left_on else Status.ACTIVE, left_on,
                     timezone.make_aware(datetime.combine(joined, time(9))), dues_bits(*paid)))
        spells.add((spells.take_pk(), pk, org[0], joined, Spell.Start.JOINED, left_on,
                    Spell.End.LEFT if left_on else "", None))
    counters = loader.table(MemberCounter, ["last"], pk="org_id")
    for org_pk, last in sorted(numbers.items()):
        counters.add((org_pk, last))


def _volunteers(loader: Loader, rng, orgs, count: int) -> list[tuple]:
    ids = _UniqueIds(rng, pii.id_hash, Volunteer.objects.values_list("id_hash", flat=True))
    table = loader.table(Volunteer, ["name", "gender", "id_number", "id_hash", "id_tail", "phone", "skills",
                                     "registered_on", "org_id", "status"])
    spells = loader.table(VolunteerSpell, ["volunteer_id", "org_id", "start", "end"])
    places, weights = _weighted_grassroots(orgs)
    volunteers = []
    for org in rng.choices(places, weights=weights, k=count):
        raw, digest = ids.draw(date(1956, 1, 1), date(2006, 12, 31))
        pk, registered = table.take_pk(), _day(rng, date(2012, 1, 1))
        status = VolunteerStatus.INACTIVE if rng.random() < 0.07 else VolunteerStatus.ACTIVE
        table.add((pk, _name(rng), gender_of(raw), pii.seal(raw), digest, pii.tail(raw), _phone(rng),
                   rng.choice(SKILLS), registered, org[0], status))
        if status == VolunteerStatus.ACTIVE:  # on the register at their org since registration
            spells.add((spells.take_pk(), pk, org[0], registered, None))
        volunteers.append((pk, org[1], registered, org[0]))
    return volunteers


def _teams(loader: Loader, rng, orgs, count: int) -> dict[str, list[tuple]]:
    """Service teams at counties and towns, by county path; specialties cycle through all 8."""
    table = loader.table(ServiceTeam, ["name", "org_id", "specialty", "founded_on", "dissolved_on"])
    hosts = [o for o in orgs if o[2] in (Level.COUNTY, Level.TOWN)]
    specialties = list(Specialty)
    by_county: dict[str, list[tuple]] = {}
    for i in range(count):
        org, specialty = rng.choice(hosts), specialties[i % len(specialties)]
        pk, founded = table.take_pk(), _day(rng, date(2010, 1, 1), date(2024, 12, 31))
        dissolved = _day(rng, founded) if rng.random() < 0.03 else None
        table.add((pk, f"{specialty.label}志愿服务队{i + 1}", org[0], specialty, founded, dissolved))
        by_county.setdefault(org[1][:12], []).append((pk, founded))
    return by_county


def _team_memberships(loader: Loader, rng, volunteers, teams) -> dict[int, int]:
    """About half of the volunteers join a team of their own county (any team when it has none)."""
    table = loader.table(TeamMembership, ["team_id", "volunteer_id", "joined_on", "left_on"])
    every = [team for county in sorted(teams) for team in teams[county]]
    chosen = {}
    for pk, path, registered, _org in volunteers:
        if rng.random() < 0.5:
            team_pk, founded = rng.choice(teams.get(path[:12]) or every)
            joined = _day(rng, max(registered, founded))
            table.add((table.take_pk(), team_pk, pk, joined, None))
            chosen[pk] = team_pk
    return chosen


def _service_records(loader: Loader, rng, volunteers, volunteer_teams, count: int) -> None:
    table = loader.table(ServiceRecord, ["volunteer_id", "credited_org_id", "served_on", "hours", "team_id",
                                         "status", "decided_at", "note"])
    hours = [Decimal(h) / 2 for h in range(1, 17)]
    for _ in range(count):
        pk, _path, registered, org_pk = rng.choice(volunteers)
        served = _day(rng, registered)
        decided = timezone.make_aware(datetime.combine(served + timedelta(days=3), time(10)))
        table.add((table.take_pk(), pk, org_pk, served, rng.choice(hours), volunteer_teams.get(pk),
                   RecordStatus.APPROVED, decided, ""))


def _activities(loader: Loader, rng, orgs, count: int) -> None:
    table = loader.table(Activity, ["org_id", "title", "type", "held_on", "place", "participants", "people_trained",
                                    "certified_first_aiders", "donor_registrations"])
    hosts = [o for o in orgs if o[2] != Level.PROVINCE]
    types = list(ActivityType)
    for i in range(count):
        kind, participants = types[i % len(types)], rng.randint(5, 300)
        trained = participants if kind == ActivityType.FIRST_AID_TRAINING else 0
        certified = rng.randint(0, participants // 3) if trained else 0
        donors = rng.randint(0, participants // 2) if kind in (ActivityType.STEM_CELL, ActivityType.ORGAN) else 0
        table.add((table.take_pk(), rng.choice(hosts)[0], f"{kind.label}活动{i + 1}", kind,
                   _day(rng, date(2019, 1, 1)), "", participants, trained, certified, donors))


def _filings(loader: Loader, rng, orgs, seed: int) -> None:
    """A fifth of the unfiled grassroots orgs have submitted their 备案表 and wait for review."""
    table = loader.table(Filing, ["org_id", "status", "name", "leader_name", "leader_phone", "submitted_at",
                                  "token", "created_at", "updated_at"])
    for pk, _path, level, status in orgs:
        if level in GRASSROOTS_LEVELS and status == OrgStatus.PLANNED and rng.random() < 0.2:
            submitted = AS_OF - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 1440))
            token = hashlib.sha256(f"scale-{seed}-{pk}".encode()).hexdigest()[:32]
            table.add((table.take_pk(), pk, FilingStatus.SUBMITTED, "", _name(rng), _phone(rng), submitted, token,
                       submitted, submitted))
