"""Reads of the volunteers app that its pages reuse. Each total is one aggregate query.

Dated facts (on the register, teams in being, hours that count, valid certificates) are the
querysets' (volunteers/querysets.py); statistics use those directly. Hours count at the org they
were credited to when entered (``ServiceRecord.credited_org``); volunteers and teams at their own org.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from orgs.models import Organization
from volunteers.models import (
    STAR_THRESHOLDS,
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


def org_panel_counts(org: Organization) -> dict:
    return Volunteer.objects.filter(org__path__startswith=org.path).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=VolunteerStatus.ACTIVE)))
