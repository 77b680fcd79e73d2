"""Reused reads: the reviewer's queue, the campaign's overdue list, the filings' change history."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from filings.models import DEFAULT_DEADLINE, PHONE_FIELDS, Campaign, Filing, Status
from lib import history
from lib.identity import mask_phone
from orgs import scoping
from orgs.models import Level, Organization, OrgStatus


def towns_below(user):
    return scoping.visible_orgs(user).filter(level__in=(Level.TOWN, Level.DEPARTMENT)).order_by("path")


def queue(user, filters: dict):
    qs = (
        Filing.objects.visible_to(user)
        .select_related("org")
        .exclude(org=user.org_id)
        .order_by("submitted_at", "pk")
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    else:
        qs = qs.exclude(status=Status.DRAFT)
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("town"):
        town = towns_below(user).filter(pk=filters["town"]).first()
        qs = qs.filter(org__path__startswith=town.path) if town else qs.none()
    if filters.get("overdue"):
        limit = timezone.now() - timedelta(days=settings.PORTAL["REVIEW_OVERDUE_DAYS"])
        qs = qs.filter(status=Status.SUBMITTED, submitted_at__lte=limit)
    return qs


def unit_filing(user) -> dict | None:
    """What a grassroots unit's home page says about its own 备案表: the filing (or None), its
    state, the next step in words, and on return the reviewer's comment and how many fields
    were commented on. None for users who do not file (bodies, volunteers)."""
    org = user.org if user.is_authenticated else None
    if org is None or not org.is_grassroots or not scoping.can(user, "filing.view", org):
        return None
    filing = Filing.objects.visible_to(user).filter(org=org).select_related("org").first()
    summary = {"org": org, "filing": filing, "can_edit": scoping.can(user, "filing.edit", org), "review": None}
    if filing is None:
        summary["next_step"] = "尚未开始填写：点击“填写成立备案表”，表中已预填组织架构里的信息。"
        return summary
    if filing.status in (Status.DRAFT, Status.RETURNED):
        missing = filing.missing()
        summary["next_step"] = (f"还缺 {len(missing)} 项：{'、'.join(str(m) for m in missing)}。补齐后提交审核。"
                                if missing else "已填写完整，可以提交审核。")
    if filing.status == Status.RETURNED:
        summary["review"] = filing.reviews.first()
    elif filing.status == Status.SUBMITTED:
        body = filing.reviewing_body()
        summary["next_step"] = f"已提交，等待{body.name if body else '上级红十字会'}审核。"
    elif filing.status == Status.FILED:
        summary["next_step"] = f"已备案，备案编号 {filing.number}，可下载正式备案表 PDF。"
    return summary


def deadline_for(user):
    """The campaign deadline set by the user's body or the nearest body above it."""
    org = user.org
    if org is None:
        return DEFAULT_DEADLINE
    paths = [org.path[:i] for i in range(Organization.steplen, len(org.path) + 1, Organization.steplen)]
    campaign = Campaign.objects.filter(org__path__in=paths).order_by("-org__depth", "-deadline").first()
    return campaign.deadline if campaign else DEFAULT_DEADLINE


def overdue_units(user):
    """Towns/departments below the user that have not filed themselves, once the deadline passed:
    each unit answers for itself, so a filed village never takes its town off the list."""
    deadline = deadline_for(user)
    if timezone.localdate() <= deadline:
        return deadline, Organization.objects.none()
    return deadline, towns_below(user).exclude(status__in=(OrgStatus.DISSOLVED, OrgStatus.FILED))




def shown(name: str, value):
    """A filing's value as shown to someone other than its editors: phones masked (DESIGN.md §5)."""
    return mask_phone(value) if name in PHONE_FIELDS else value


def review_rows(filing: Filing) -> list[tuple[str, str, object]]:
    """(field, label, value as shown) for every field of the form, in its order."""
    return [(name, filing._meta.get_field(name).verbose_name,
             getattr(filing, f"get_{name}_display", lambda: None)() or shown(name, getattr(filing, name)))
            for name in filing.values()]


def change_rows(changes: dict[str, tuple]) -> list[tuple[str, object, object]]:
    """(label, old, new) of ``workflow.changes_since_return``, phones masked."""
    return [(Filing._meta.get_field(name).verbose_name, shown(name, old), shown(name, new))
            for name, (old, new) in changes.items()]


def filing_changes(filing: Filing) -> list[history.Change]:
    """Field-level changes of one filing, phones masked (DESIGN.md §5)."""
    return history.changes(filing, mask={name: mask_phone for name in PHONE_FIELDS})


def history_in_subtree(user, *, limit: int = 200):
    """The latest changes of every filing and attachment in the user's subtree, newest first."""
    from filings.models import Attachment

    filings = scoping.scope(Filing.history.select_related("history_user", "org"), user)
    attachments = scoping.scope(Attachment.history.select_related("history_user", "filing__org"), user)
    rows = [(h.history_date, h.history_user, history.KINDS[h.history_type], "备案表", h.org.name,
             h.get_status_display()) for h in filings.order_by("-history_date")[:limit]]
    rows += [(h.history_date, h.history_user, history.KINDS[h.history_type], "附件",
              h.filing.org.name if h.filing else "", f"{h.get_kind_display()} {h.original_name}")
             for h in attachments.order_by("-history_date")[:limit]]
    return sorted(rows, key=lambda r: r[0], reverse=True)[:limit]
