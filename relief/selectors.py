"""Reads of the relief pages that the plain subtree rule does not cover."""

from django.db.models import Q

from orgs import scoping
from relief.models import Transfer


def visible_transfers(user):
    """Waybills sent from or to a warehouse in the user's subtree: the receiving side sees a
    transfer sent to it by a body above it, whose sending warehouse it cannot otherwise see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return scoping.allow_unscoped(Transfer.objects.none())
    if user.is_superuser:
        return scoping.allow_unscoped(Transfer.objects.all())
    if not user.org_id or user.role == "volunteer":
        return scoping.allow_unscoped(Transfer.objects.none())
    path = user.org.path
    return scoping.allow_unscoped(Transfer.objects.filter(
        Q(source__org__path__startswith=path) | Q(target__org__path__startswith=path)))
