"""Reads of the volunteers app that pages and statistics reuse. Each total is one aggregate query.

Contract for statistics: only ``ServiceRecord.status == approved`` counts; "as of" a date means
``served_on <= on``; hours count at the org they were credited to when entered
(``ServiceRecord.credited_org``: the volunteer's managing org then), a subtree is that org's
``path`` prefix; volunteers and teams count at their own org.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from orgs.models import Organization
from volunteers.models import (
    STAR_THRESHOLDS,
    RecordStatus,
    ServiceRecord,
    ServiceTeam,
    StarAward,
    Volunteer,
    VolunteerSpell,
    VolunteerStatus,
)


def _approved(on: date | None):
    qs = ServiceRecord.objects.filter(status=RecordStatus.APPROVED)
    return qs.filter(served_on__lte=on) if on else qs


def _sum(qs) -> Decimal:
    return qs.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def volunteer_hours(volunteer: Volunteer, on: date | None = None) -> Decimal:
    return _sum(_approved(on).filter(volunteer=volunteer))


def team_hours(team: ServiceTeam, on: date | None = None) -> Decimal:
    return _sum(_approved(on).filter(team=team))


def org_hours(org: Organization, on: date | None = None) -> Decimal:
    """Hours credited to ``org`` itself: served by the volunteers it managed when they were entered."""
    return _sum(_approved(on).filter(credited_org=org))


def subtree_hours(org: Organization, on: date | None = None) -> Decimal:
    """Hours credited anywhere in ``org``'s subtree (one ``LIKE`` query)."""
    return _sum(_approved(on).filter(credited_org__path__startswith=org.path))


def on_register(on: date):
    """The volunteers' spells on the register (在册) open on ``on``: one per volunteer counted that day."""
    return VolunteerSpell.objects.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on))


def registered_volunteers(org: Organization, on: date | None = None) -> int:
    """Volunteers on the register (在册) in ``org``'s subtree now, or on ``on`` (from their spells)."""
    if on is None:
        return Volunteer.objects.filter(org__path__startswith=org.path, status=VolunteerStatus.ACTIVE).count()
    return on_register(on).filter(org__path__startswith=org.path).count()


def service_teams(org: Organization, on: date | None = None) -> int:
    on = on or timezone.localdate()
    return ServiceTeam.objects.filter(org__path__startswith=org.path, founded_on__lte=on).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)).count()


def with_hours(queryset, on: date | None = None):
    """Annotate a volunteer queryset with ``approved_hours`` (lists without N+1)."""
    cond = Q(records__status=RecordStatus.APPROVED)
    if on:
        cond &= Q(records__served_on__lte=on)
    # aggregate queries drop Meta.ordering: order explicitly so pages are stable
    annotated = queryset.annotate(approved_hours=Sum("records__hours", filter=cond))
    return annotated.order_by("org__path", "name", "pk")


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
    on = on or timezone.localdate()
    return queryset.filter(expires_on__gte=on, expires_on__lte=on + timedelta(days=within_days))


def expired_certificates(queryset, *, on: date | None = None):
    return queryset.filter(expires_on__lt=on or timezone.localdate())


def valid_certificates(queryset, *, on: date | None = None):
    on = on or timezone.localdate()
    return queryset.filter(issued_on__lte=on, expires_on__gte=on)


def org_panel_counts(org: Organization) -> dict:
    return Volunteer.objects.filter(org__path__startswith=org.path).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=VolunteerStatus.ACTIVE)))
