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


def count_people_with(count: Callable[[Organization, date], int]) -> None:
    if count not in _PEOPLE_COUNTS:
        _PEOPLE_COUNTS.append(count)


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
    profile_page = reverse("volunteers:org_profile", args=[org.pk])
    return [
        # leaders are kept by the unit itself on its campaign page (会长、副会长、秘书长)
        ChecklistItem("有热心红十字事业的带头人", leader, "暂无在任的会长或负责人，请在督查事项页登记会长。",
                      reverse("campaigns:unit", args=[org.pk])),
        ChecklistItem("有稳定的会员和志愿者队伍", people, "暂无在册会员或志愿者。", reverse("members:list")),
        ChecklistItem("有规范的管理制度", profile.rules_on_file, "尚未登记工作制度。", profile_page),
        ChecklistItem("有稳固的服务平台", bool(profile.platform), "尚未登记工作阵地（服务平台）。", profile_page),
        ChecklistItem("有红十字特色的活动", activities > 0, "近12个月没有登记活动。",
                      reverse("volunteers:activity_create")),
        ChecklistItem("有经费（六有）", bool(profile.annual_funding), "尚未登记年度工作经费。", profile_page),
    ]
