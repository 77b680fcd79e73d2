"""The demo's volunteers: registered in the region's orgs (some of them members too), service teams
of several specialties, activities with their rosters and counts, service hours approved, waiting
or turned back, star ratings (one still in its 公示 period), first-aid certificates (some about to
expire) and one volunteer's own account — all through ``volunteers.services``."""

from datetime import date, timedelta

from django.db.models import Q, Sum

from demo.region import Region
from grassroots import services as grassroots
from members.models import Kind, Member
from people.models import gender_of
from volunteers import services
from volunteers.models import ActivityType, ServiceRecord, ServiceTeam, Specialty, Volunteer

#: org → volunteers registered there
VOLUNTEERS = {
    "雁江区红十字会": 14,
    "莲花街道红十字会": 22,
    "莲花社区红十字会": 8,
    "三贤祠街道红十字会": 16,
    "宝台镇红十字会": 12,
    "中和镇红十字会": 8,
    "雁江区人民医院红十字会": 18,
    "区卫生健康局红十字会": 6,
    "雁江区第一中学红十字会": 6,
    "岳阳镇红十字会": 8,
}
#: (org, team name, specialty, founded on, members)
TEAMS = [
    ("雁江区红十字会", "雁江区红十字应急救援队", Specialty.RESCUE, date(2021, 5, 12), 12),
    ("莲花街道红十字会", "莲花街道应急救护志愿服务队", Specialty.FIRST_AID, date(2022, 11, 20), 14),
    ("三贤祠街道红十字会", "三贤祠街道养老服务志愿队", Specialty.ELDERLY, date(2023, 3, 5), 10),
    ("宝台镇红十字会", "宝台镇社区服务志愿队", Specialty.COMMUNITY, date(2023, 6, 1), 8),
    ("雁江区人民医院红十字会", "区人民医院无偿献血志愿服务队", Specialty.BLOOD, date(2022, 6, 14), 12),
    ("区卫生健康局红十字会", "雁江区造血干细胞捐献宣传志愿队", Specialty.STEM_CELL, date(2023, 9, 1), 6),
]
#: (org, title ({year}: the year it is held), type, days before today, place,
#:  (participants, people trained, certified first-aiders, donor registrations))
ACTIVITIES = [
    ("雁江区红十字会", "{year}年应急救护员培训班（第一期）", ActivityType.FIRST_AID_TRAINING, 1900,
     "区红十字会培训室", (60, 60, 48, 0)),
    ("雁江区红十字会", "{year}年应急救护员培训班", ActivityType.FIRST_AID_TRAINING, 1500,
     "区红十字会培训室", (80, 80, 66, 0)),
    ("莲花街道红十字会", "“救在身边”社区应急救护普及", ActivityType.FIRST_AID_TRAINING, 1100,
     "莲花街道便民服务中心", (150, 150, 0, 0)),
    ("雁江区人民医院红十字会", "世界献血者日无偿献血活动", ActivityType.BLOOD, 900,
     "区人民医院门诊广场", (120, 0, 0, 0)),
    ("区卫生健康局红十字会", "造血干细胞捐献志愿者入库登记", ActivityType.STEM_CELL, 800,
     "资阳市雁江区人民广场", (90, 0, 0, 36)),
    ("三贤祠街道红十字会", "博爱送万家春节走访慰问", ActivityType.BOAI_FAMILIES, 700,
     "三贤祠街道各社区", (40, 0, 0, 0)),
    ("雁江区红十字会", "{year}年应急救护员培训班", ActivityType.FIRST_AID_TRAINING, 600,
     "区红十字会培训室", (90, 90, 72, 0)),
    ("雁江区第一中学红十字会", "校园应急救护知识讲座", ActivityType.FIRST_AID_TRAINING, 420,
     "雁江区第一中学报告厅", (300, 300, 0, 0)),
    ("区卫生健康局红十字会", "遗体和人体器官捐献政策宣讲", ActivityType.ORGAN, 360,
     "区卫生健康局会议室", (70, 0, 0, 14)),
    ("莲花社区红十字会", "博爱家园健康义诊", ActivityType.BOAI_HOME, 250, "莲花社区党群服务中心", (85, 0, 0, 0)),
    ("宝台镇红十字会", "防汛应急演练", ActivityType.RESCUE, 160, "宝台镇沱江河堤", (45, 30, 0, 0)),
    ("雁江区红十字会", "{year}年应急救护员培训班", ActivityType.FIRST_AID_TRAINING, 60,
     "区红十字会培训室", (70, 70, 58, 0)),
    ("莲花街道红十字会", "红十字博爱周宣传", ActivityType.PUBLICITY, 12, "莲花街道文化广场", (200, 0, 0, 0)),
]
SKILLS = ("急救", "驾驶", "心理疏导", "医疗护理", "水上救援", "通信保障", "组织协调", "摄影宣传", "")
VOLUNTEER_ACCOUNT = "lianhua_volunteer"


def make_volunteers(region: Region, password: str) -> list[Volunteer]:
    registered = [_register(region, org_name) for org_name, count in VOLUNTEERS.items() for _ in range(count)]
    _teams(region)
    _activities_and_hours(region)
    _stars(region)
    _certificates(region, registered)
    _account(region, password)
    return registered


def _register(region: Region, org_name: str) -> Volunteer:
    """A new volunteer; one in six is a member of the same org already (the register links them)."""
    people, org = region.people, region.org(org_name)
    registered_on = people.day(date(2018, 6, 1), region.days_ago(30))
    member = None
    if people.rng.random() < 1 / 6:
        free = list(Member.objects.filter(org=org, kind=Kind.ADULT, status="active", volunteer__isnull=True)
                    .order_by("pk"))
        member = people.rng.choice(free) if free else None
    if member is not None:
        name, id_number = member.name, member.full_id
    else:
        name, id_number = people.person(date(1960, 1, 1), registered_on - timedelta(days=19 * 365))
    return services.register_volunteer(org=org, by=region.staff_of(org), name=name, gender=gender_of(id_number),
                                       id_number=id_number, phone=people.phone(), registered_on=registered_on,
                                       skills=people.rng.choice(SKILLS))


def _teams(region: Region) -> None:
    for org_name, name, specialty, founded_on, size in TEAMS:
        org = region.org(org_name)
        by = region.staff_of(org)
        team = services.create_team(org=org, by=by, name=name, specialty=specialty, founded_on=founded_on)
        for volunteer in Volunteer.objects.filter(org__path__startswith=org.path).order_by("pk")[:size]:
            services.add_to_team(team, volunteer, by=by, joined_on=max(founded_on, volunteer.registered_on))


def _activities_and_hours(region: Region) -> None:
    """Each activity with a roster from its org's volunteers and their hours: approved when the
    activity is more than a fortnight old, still waiting otherwise; one entry was turned back."""
    rng = region.people.rng
    for org_name, title, kind, days, place, (participants, trained, certified, donors) in ACTIVITIES:
        org = region.org(org_name)
        by = region.staff_of(org)
        held_on = region.days_ago(days)
        title = title.format(year=held_on.year)
        roster = list(Volunteer.objects.filter(org__path__startswith=org.path, registered_on__lte=held_on)
                      .order_by("pk")[:10])
        activity = grassroots.create_activity(org=org, by=by, roster=roster, title=title, type=kind,
                                            held_on=held_on, place=place, participants=participants,
                                            people_trained=trained, certified_first_aiders=certified,
                                            donor_registrations=donors)
        records = services.log_roster_hours(activity, {v: rng.choice((2, 3, 3.5, 4, 6)) for v in roster}, by=by)
        for record in records if days > 14 else []:
            services.approve_record(record, by=region.approver_of(org, by))
    for team_name in ("莲花街道应急救护志愿服务队", "区人民医院无偿献血志愿服务队"):
        _team_duty(region, team_name)
    waiting = ServiceRecord.objects.filter(status="pending").order_by("pk").first()
    if waiting is not None:
        services.reject_record(waiting, by=region.account("yj_reviewer"))


def _team_duty(region: Region, team_name: str) -> None:
    """A team's regular duty over the last half year: a half day a month for each member,
    approved except the last month's."""
    team = ServiceTeam.objects.get(name=team_name)
    by = region.staff_of(team.org)
    for membership in team.memberships.select_related("volunteer"):
        for month in range(6):
            served_on = region.days_ago(15 + 30 * month)
            if served_on < membership.joined_on:
                break
            record = services.log_hours(membership.volunteer, by=by, served_on=served_on, hours=4, team=team,
                                        note="服务队例行值守")
            if month:
                services.approve_record(record, by=region.approver_of(team.org, by))


def _stars(region: Region) -> None:
    """雁江区 (a county body: one to three stars, seed 002) rates its busiest volunteers: two
    ratings in force, one still in its notice period."""
    reviewer = region.account("yj_reviewer")
    busiest = (Volunteer.objects.filter(org__path__startswith=region.org("雁江区红十字会").path)
               .annotate(hours=Sum("records__hours", filter=Q(records__status="approved")))
               .filter(hours__isnull=False).order_by("-hours", "pk")[:3])
    for volunteer, stars, days in zip(busiest, (3, 2, 1), (120, 90, 2), strict=False):
        services.award_stars(volunteer, by=reviewer, stars=stars, reason="服务时长达到标准，表现突出",
                             awarded_on=region.days_ago(days))


def _certificates(region: Region, registered: list[Volunteer]) -> None:
    """救护员证 for volunteers trained in the district's classes; those from three years ago expire soon."""
    admin = region.account("yj_admin")
    trained = [v for v in registered if v.org.is_within(region.org("雁江区红十字会"))][::3]
    for n, volunteer in enumerate(trained, start=1):
        issued_on = region.days_ago(1060 if n % 4 == 0 else region.people.rng.randint(60, 900))
        services.issue_certificate(volunteer, by=admin, number=f"川红救字{issued_on.year}第{n:04d}号",
                                   issued_on=max(issued_on, volunteer.registered_on))


def _account(region: Region, password: str) -> None:
    """A volunteer of 莲花街道 with their own account: they see their hours and report new ones."""
    volunteer = Volunteer.objects.filter(org=region.org("莲花街道红十字会"), user__isnull=True).order_by("pk").first()
    account = services.open_account(volunteer, by=region.account("yj_admin"), username=VOLUNTEER_ACCOUNT,
                                    password=password)
    region.accounts[VOLUNTEER_ACCOUNT] = account
    services.report_own_hours(by=account, served_on=region.days_ago(3), hours=3, note="社区急救知识宣传摆摊")
