"""The volunteers app's dated facts as querysets: who was on the register, which teams existed,
which hours counted and which certificates were valid on a date. Statistics, pages and tests ask
these (``VolunteerSpell.objects.open_on(d)``, ``ServiceTeam.objects.alive_on(d)`` …).

Contract for hours: only approved records count; "as of" a date means ``served_on <= on``."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum

from lib.dated import holds_on
from orgs.querysets import ScopedQuerySet

APPROVED = "approved"  # RecordStatus.APPROVED (models import this module, so not the other way round)


class VolunteerQuerySet(ScopedQuerySet):
    def with_hours(self, on: date | None = None):
        """Annotate ``approved_hours`` (lists without N+1), ordered so that pages are stable
        (an aggregate drops Meta.ordering)."""
        served = Q(records__status=APPROVED)
        if on:
            served &= Q(records__served_on__lte=on)
        return self.annotate(approved_hours=Sum("records__hours", filter=served)).order_by("org__path", "name", "pk")


class VolunteerSpellQuerySet(ScopedQuerySet):
    def open_on(self, on: date):
        """Spells on the register (在册) open on ``on``: one per volunteer counted that day."""
        return self.filter(holds_on(on, "start", "end"))


class ServiceTeamQuerySet(ScopedQuerySet):
    def alive_on(self, on: date):
        """Teams founded by ``on`` and not dissolved by then."""
        return self.filter(holds_on(on, "founded_on", "dissolved_on"))


class ServiceRecordQuerySet(ScopedQuerySet):
    def approved(self, on: date | None = None):
        """Records that count: approved, and served by ``on`` when given."""
        records = self.filter(status=APPROVED)
        return records.filter(served_on__lte=on) if on else records

    def credited_within(self, org):
        """Hours credited anywhere in ``org``'s subtree (where they count: the managing org when entered)."""
        return self.filter(credited_org__path__startswith=org.path)

    def total_hours(self) -> Decimal:
        return self.aggregate(total=Sum("hours"))["total"] or Decimal(0)


class FirstAidCertificateQuerySet(ScopedQuerySet):
    def valid_on(self, on: date):
        return self.filter(holds_on(on, "issued_on", "expires_on", end_inclusive=True))

    def expiring(self, on: date, within_days: int = 90):
        """Still valid on ``on`` and expiring within ``within_days``."""
        return self.filter(expires_on__gte=on, expires_on__lte=on + timedelta(days=within_days))

    def expired_on(self, on: date):
        return self.filter(expires_on__lt=on)
