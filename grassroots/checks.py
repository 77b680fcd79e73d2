"""The 五有 (seed 000, 002 item 5) and 六有 (seed 004 item 8: + 有经费) of a grassroots org,
derived from data as of a date, never typed in."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from grassroots.models import Activity, OrgProfile
from orgs.models import LeadershipTerm, Organization

#: the registers that count an org's people on a date (``count(org, on) -> int``); the volunteers
#: app adds its own from ``AppConfig.ready``, so this app imports no register of people
_PEOPLE_COUNTS: list[Callable[[Organization, date], int]] = []


#: the same registers for many orgs at once (``having(orgs, on) -> values of org ids with anyone``),
#: so that the district-wide list costs the same few queries for 10 orgs or 10,000
_PEOPLE_HAVING: list[Callable] = []


def count_people_with(count: Callable[[Organization, date], int], having: Callable | None = None) -> None:
    if count not in _PEOPLE_COUNTS:
        _PEOPLE_COUNTS.append(count)
    if having is not None and having not in _PEOPLE_HAVING:
        _PEOPLE_HAVING.append(having)


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    ok: bool
    missing: str = ""
    #: where the org records what is missing
    link: str = ""


def five_haves(org: Organization, on: date | None = None) -> list[ChecklistItem]:
    """The checklist of one grassroots org on ``on`` (today when not given)."""
    on = on or timezone.localdate()
    leader = LeadershipTerm.objects.filter(org=org, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)).exists()
    people = any(count(org, on) for count in _PEOPLE_COUNTS)
    profile = OrgProfile.objects.filter(org=org).first() or OrgProfile(org=org)
    activities = Activity.objects.filter(org=org, held_on__gt=on - timedelta(days=365),
                                         held_on__lte=on).count()
    return _items(org, [leader, people, profile.rules_on_file, bool(profile.platform), activities > 0,
                        bool(profile.annual_funding)])


def _items(org: Organization, ok: list[bool]) -> list[ChecklistItem]:
    profile_page = reverse("volunteers:org_profile", args=[org.pk])
    return [
        # leaders are kept by the unit itself on its campaign page (会长、副会长、秘书长)
        ChecklistItem("有热心红十字事业的带头人", ok[0], "暂无在任的会长或负责人，请在督查事项页登记会长。",
                      reverse("campaigns:unit", args=[org.pk])),
        ChecklistItem("有稳定的会员和志愿者队伍", ok[1], "暂无在册会员或志愿者。", reverse("members:list")),
        ChecklistItem("有规范的管理制度", ok[2], "尚未登记工作制度。", profile_page),
        ChecklistItem("有稳固的服务平台", ok[3], "尚未登记工作阵地（服务平台）。", profile_page),
        ChecklistItem("有红十字特色的活动", ok[4], "近12个月没有登记活动。", reverse("volunteers:activity_create")),
        ChecklistItem("有经费（六有）", ok[5], "尚未登记年度工作经费。", profile_page),
    ]



@dataclass
class Failing:
    label: str
    missing: str
    orgs: list  # [(org, the link to what it is missing)]


def failing(orgs, on: date | None = None) -> list[Failing]:
    """The district-wide list: for each item, the orgs of ``orgs`` (a queryset) failing it on
    ``on``. A fixed number of queries whatever the number of orgs; the same answers as
    ``five_haves`` gives org by org (the tests compare)."""
    on = on or timezone.localdate()
    org_list = list(orgs)
    ids = orgs.values("pk")
    led = set(LeadershipTerm.objects.filter(org__in=ids, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)).values_list("org_id", flat=True))
    peopled = set()
    for having in _PEOPLE_HAVING:
        peopled |= set(having(ids, on))
    profiles = {p.org_id: p for p in OrgProfile.objects.filter(org__in=ids)}
    active = set(Activity.objects.filter(org__in=ids, held_on__gt=on - timedelta(days=365), held_on__lte=on)
                 .values_list("org_id", flat=True))
    out: list[Failing] = []
    for org in org_list:
        profile = profiles.get(org.pk) or OrgProfile()
        checked = _items(org, [org.pk in led, org.pk in peopled, profile.rules_on_file, bool(profile.platform),
                               org.pk in active, bool(profile.annual_funding)])
        if not out:
            out = [Failing(item.label, item.missing, []) for item in checked]
        for row, item in zip(out, checked, strict=True):
            if not item.ok:
                row.orgs.append((org, item.link))
    return out
