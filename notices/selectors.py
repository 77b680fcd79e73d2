"""Reads of notices: what an account received, what its body sent, and the receipt table."""

from django.db.models import Count, Q, QuerySet

from notices.models import Notice, Receipt
from orgs import scoping
from orgs.models import Role

WORKERS = (Role.STAFF, Role.REVIEWER, Role.ADMIN)


def unread_for(user) -> QuerySet:
    """The unread notices of the user's own org (the menu badge); none for volunteer accounts."""
    if user.role not in WORKERS or user.org_id is None:
        return Receipt.objects.filter(pk__isnull=True)
    return Receipt.objects.filter(org_id=user.org_id, read_at__isnull=True, notice__withdrawn_at__isnull=True)


def received(user, q: str = "") -> QuerySet:
    """The receipts of the user's own org, newest notice first, with their notices."""
    rows = scoping.scope(Receipt.objects.all(), user).filter(org_id=user.org_id).select_related("notice__publisher")
    if q:
        rows = rows.filter(Q(notice__title__icontains=q) | Q(notice__body__icontains=q))
    return rows


def sent(user, q: str = "") -> QuerySet:
    """The notices the user's own body published, with their receipt counts (one query)."""
    rows = (scoping.scope(Notice.objects.all(), user).filter(publisher_id=user.org_id)
            .annotate(n_orgs=Count("receipts"), n_read=Count("receipts", filter=Q(receipts__read_at__isnull=False)),
                      n_replied=Count("receipts", filter=Q(receipts__replied_at__isnull=False))))
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return rows


STATES = {"unread": Q(read_at__isnull=True), "read": Q(read_at__isnull=False, replied_at__isnull=True),
          "replied": Q(replied_at__isnull=False), "unreplied": Q(replied_at__isnull=True)}


def receipts(notice: Notice, state: str = "") -> QuerySet:
    rows = notice.receipts.select_related("org", "read_by", "replied_by")
    return rows.filter(STATES[state]) if state in STATES else rows


def tally(notice: Notice) -> dict:
    counts = notice.receipts.aggregate(
        total=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False)),
        replied=Count("pk", filter=Q(replied_at__isnull=False)))
    return {**counts, "unread": counts["total"] - counts["read"], "unreplied": counts["total"] - counts["replied"]}


def visible_notice(user, pk: int):
    """The notice ``pk`` as this account may see it: (notice, its org's receipt or None, whether
    it sees the publisher's side). Someone who is neither at/above the publisher nor at/above a
    recipient gets ``Notice.DoesNotExist`` (a 404)."""
    if user.role not in WORKERS and not user.is_superuser:
        raise Notice.DoesNotExist
    notice = Notice.objects.filter(pk=pk).select_related("publisher", "created_by").first()
    if notice is None:
        raise Notice.DoesNotExist
    publisher_side = scoping.in_scope(user, notice.publisher)
    own = None
    if not publisher_side:
        if not scoping.scope(Receipt.objects.all(), user).filter(notice=notice).exists():
            raise Notice.DoesNotExist
    own = Receipt.objects.filter(notice=notice, org_id=user.org_id).first()
    return notice, own, publisher_side
