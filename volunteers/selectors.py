"""Reads of the volunteers app that its pages reuse. Each total is one aggregate query.

Dated facts (on the register, teams in being, hours that count, valid certificates) are the
querysets' (volunteers/querysets.py); statistics use those directly. Hours count at the org they
were credited to when entered (``ServiceRecord.credited_org``); volunteers and teams at their own org.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from orgs.models import LeadershipTerm, Organization
from volunteers.models import (
    STAR_THRESHOLDS,
    Activity,
    OrgProfile,
    ServiceRecord,
    ServiceTeam,
    StarAward,
    Volunteer,
    VolunteerStatus,
)


def volunteer_hours(volunteer: Volunteer, on: date | None = None) -> Decimal:
    return ServiceRecord.objects.approved(on).filter(volunteer=volunteer).total_hours()


def team_hours(team: ServiceTeam, on: date | None = None) -> Decimal:
    return ServiceRecord.objects.approved(on).filter(team=team).total_hours()


def with_hours(queryset, on: date | None = None):
    """Annotate a volunteer queryset with ``approved_hours`` (lists without N+1)."""
    return queryset.with_hours(on)


def current_stars(volunteer: Volunteer, on: date | None = None) -> int:
    """The highest award in effect (notice period over, not withdrawn); 0 if none."""
    on = on or timezone.localdate()
    best = 0
    for award in StarAward.objects.filter(volunteer=volunteer, withdrawn=False, awarded_on__lte=on):
        if award.is_effective(on):
            best = max(best, award.stars)
    return best


def star_thresholds() -> dict[int, int]:
    """Approved hours suggested for 1–5 stars: ``PORTAL["STAR_THRESHOLDS"]`` (env ``STAR_THRESHOLDS``,
    e.g. ``100,300,600,1000,1500``) when set, else the common 100/300/600/1000/1500."""
    configured = settings.PORTAL.get("STAR_THRESHOLDS")
    return dict(zip(range(1, 6), configured, strict=True)) if configured else dict(STAR_THRESHOLDS)


def suggested_stars(hours: Decimal) -> int:
    """What the thresholds suggest — shown to the awarding body, never applied by itself."""
    return max((s for s, needed in star_thresholds().items() if hours >= needed), default=0)


def expiring_certificates(queryset, *, within_days: int = 90, on: date | None = None):
    """Certificates still valid on ``on`` that expire within ``within_days``."""
    return queryset.expiring(on or timezone.localdate(), within_days)


def valid_certificates(queryset, *, on: date | None = None):
    return queryset.valid_on(on or timezone.localdate())


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    ok: bool
    missing: str = ""


def five_haves(org: Organization, on: date | None = None) -> list[ChecklistItem]:
    """The 五有 (seed 000, 002 item 5) and 六有 (seed 004 item 8: + 有经费) of one grassroots org,
    derived from data. Members are counted once the members app is merged."""
    on = on or timezone.localdate()
    leader = LeadershipTerm.objects.filter(org=org, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)).exists()
    volunteers = Volunteer.objects.filter(org=org, status=VolunteerStatus.ACTIVE,
                                          registered_on__lte=on).count()
    profile = OrgProfile.objects.filter(org=org).first() or OrgProfile(org=org)
    activities = Activity.objects.filter(org=org, held_on__gt=on - timedelta(days=365),
                                         held_on__lte=on).count()
    return [
        ChecklistItem("有热心红十字事业的带头人", leader, "暂无在任的会长或负责人，请在组织页登记领导任职。"),
        ChecklistItem("有稳定的会员和志愿者队伍", volunteers > 0, "暂无在册志愿者。"),
        ChecklistItem("有规范的管理制度", profile.rules_on_file, "尚未登记工作制度。"),
        ChecklistItem("有稳固的服务平台", bool(profile.platform), "尚未登记工作阵地（服务平台）。"),
        ChecklistItem("有红十字特色的活动", activities > 0, "近12个月没有登记活动。"),
        ChecklistItem("有经费（六有）", bool(profile.annual_funding), "尚未登记年度工作经费。"),
    ]


def org_panel_counts(org: Organization) -> dict:
    return Volunteer.objects.filter(org__path__startswith=org.path).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=VolunteerStatus.ACTIVE)))
