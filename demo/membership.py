"""The demo's members: adults, youth and groups in the region's grassroots orgs, joined over the
years since 2019, with dues paid most years, some who left, one 关系转接 accepted and two waiting,
online applications in a queue and honours — all through ``members.services``."""

from datetime import date, timedelta
from decimal import Decimal

from demo.region import Region
from members import services
from members.models import DuesRule, Kind, Member

#: grassroots org → (adults, youth, groups). 红星社区 and 宝台村 keep under 20 adult members: they
#: are 红十字小组 (seed 003).
MEMBERS = {
    "莲花街道红十字会": (36, 0, 3),
    "莲花社区红十字会": (24, 4, 0),
    "红星社区红十字小组": (12, 0, 0),
    "三贤祠街道红十字会": (32, 0, 2),
    "书台社区红十字会": (24, 3, 0),
    "宝台镇红十字会": (24, 0, 2),
    "宝台村红十字小组": (9, 0, 0),
    "宝台镇中心学校红十字会": (6, 40, 0),
    "临江镇红十字会": (18, 0, 1),
    "中和镇红十字会": (26, 0, 1),
    "区教育局红十字会": (14, 0, 0),
    "雁江区第一中学红十字会": (10, 30, 0),
    "区卫生健康局红十字会": (12, 0, 0),
    "雁江区人民医院红十字会": (30, 0, 0),
    "区民政局红十字会": (10, 0, 0),
    "区应急管理局红十字会": (10, 0, 0),
    "雁江区某食品有限公司红十字会": (22, 0, 0),
    "岳阳镇红十字会": (20, 0, 1),
}
FIRST_JOINED = date(2019, 3, 1)
APPLICANTS_AT = "莲花街道红十字会"


def make_members(region: Region) -> list[Member]:
    region.dues_rules = DuesRule.in_force(region.today)
    made = []
    for org_name, (adults, youth, groups) in MEMBERS.items():
        org = region.org(org_name)
        by = region.staff_of(org)
        for kind, count in ((Kind.ADULT, adults), (Kind.YOUTH, youth), (Kind.GROUP, groups)):
            made += [_join(region, org, kind, by) for _ in range(count)]
    for member in made:
        _pay_dues(region, member)
    _some_leave(region, made)
    _transfers(region)
    _applications(region)
    _honours(region)
    return made


def _join(region: Region, org, kind: str, by) -> Member:
    people = region.people
    joined = people.day(FIRST_JOINED, region.days_ago(20))
    if kind == Kind.GROUP:
        return services.create_member(by=by, org=org, kind=kind, name=people.enterprise(), joined_on=joined,
                                      credit_code=people.credit_code(), contact_person=people.name(male=False),
                                      phone=people.phone())
    if kind == Kind.YOUTH:  # pupils: 9 to 16 on the day they join
        born_from, born_to = joined - timedelta(days=16 * 365), joined - timedelta(days=9 * 365)
    else:
        born_from, born_to = date(1956, 1, 1), joined - timedelta(days=19 * 365)
    name, id_number = people.person(born_from, born_to)
    return services.create_member(by=by, org=org, kind=kind, name=name, id_number=id_number,
                                  phone=people.phone(), joined_on=joined, in_school=kind == Kind.YOUTH)


def _pay_dues(region: Region, member: Member) -> None:
    """Most members pay every year since they joined (within the last four); one in ten never
    does, so the lists show 欠费失效 as well."""
    rng = region.people.rng
    if rng.random() < 0.1:
        return
    rule = region.dues_rules[member.kind]
    for year in range(max(member.joined_on.year, region.today.year - 3), region.today.year + 1):
        paid_on = max(member.joined_on, date(year, rng.randint(3, 11), rng.randint(1, 28)))
        if paid_on > region.today or rng.random() < 0.12:
            continue
        services.pay_dues(member, by=region.staff_of(member.org), year=year, paid_on=paid_on,
                          amount=Decimal(rule.max_amount))


def _some_leave(region: Region, members: list[Member]) -> None:
    rng = region.people.rng
    for member in members:
        if member.kind != Kind.GROUP and rng.random() < 0.05:
            on = region.people.day(member.joined_on + timedelta(days=200), region.days_ago(10))
            if on > member.joined_on:
                services.leave(member, by=region.staff_of(member.org), on=on)


def _first_active(region: Region, org_name: str, skip: int = 0) -> Member:
    return (Member.objects.filter(org=region.org(org_name), kind=Kind.ADULT, status="active")
            .order_by("number")[skip])


def _transfers(region: Region) -> None:
    """One 关系转接 accepted (莲花社区 → 书台社区) and two waiting at 莲花街道: one coming in, one going out."""
    admin, staff = region.account("yj_admin"), region.account("lianhua_staff")
    moved = services.request_transfer(_first_active(region, "莲花社区红十字会"), by=staff,
                                      to_org=region.org("书台社区红十字会"), reason="本人搬迁至书台社区居住")
    services.decide_transfer(moved, by=admin, accept=True, on=region.days_ago(40))
    services.request_transfer(_first_active(region, "宝台镇红十字会"), by=admin,
                              to_org=region.org("莲花街道红十字会"), reason="工作调动至莲花街道")
    services.request_transfer(_first_active(region, "莲花街道红十字会"), by=staff,
                              to_org=region.org("临江镇红十字会"), reason="户籍迁至临江镇")


def _applications(region: Region) -> None:
    """Applications sent from the public form: three waiting, one approved, one turned down."""
    people, staff, org = region.people, region.account("lianhua_staff"), region.org(APPLICANTS_AT)
    sent = []
    for _ in range(5):
        name, id_number = people.person(date(1970, 1, 1), date(2004, 12, 31))
        sent.append(services.submit_application(org=org, kind=Kind.ADULT, name=name, id_number=id_number,
                                                phone=people.phone()))
    services.decide_application(sent[0], by=staff, approve=True)
    services.decide_application(sent[1], by=staff, approve=False, reason="申请人已在其他组织登记入会")


def _honours(region: Region) -> None:
    staff, org = region.account("lianhua_staff"), region.org(APPLICANTS_AT)
    year = region.today.year - 1
    star = _first_active(region, APPLICANTS_AT, skip=1)
    services.add_honour(by=staff, org=org, kind="star", year=year, name=star.name,
                        citation="常年参加社区应急救护培训，带动身边群众加入红十字会。")
    for skip in (2, 3):
        member = _first_active(region, APPLICANTS_AT, skip=skip)
        services.add_honour(by=staff, org=org, kind="red_list", year=year, name=member.name,
                            citation="积极参与博爱送万家和无偿献血活动。")
