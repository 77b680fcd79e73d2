import segno
from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from members.models import Honour, Kind, Member, Status
from orgs import scoping

register = template.Library()


def qr_data_uri(url: str, scale: int = 4) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale)


@register.inclusion_tag("members/_org_panel.html", takes_context=True)
def member_panel(context, org):
    """Member counts, honours and the application QR code on an org's page."""
    request = context["request"]
    user = request.user
    members = Member.objects.visible_to(user).filter(org__path__startswith=org.path)
    by_kind = members.with_status(Status.ACTIVE).order_by().aggregate(
        **{kind.value: Count("pk", filter=Q(kind=kind)) for kind in Kind})
    url = request.build_absolute_uri(reverse("members:apply", args=[org.pk]))
    return {
        "org": org,
        "can_view": scoping.can(user, "member.view", org),
        "can_edit": scoping.can(user, "member.edit", org),
        "active": sum(by_kind.values()),
        "by_kind": by_kind,
        "honours": Honour.objects.visible_to(user).filter(org=org)[:20],
        "year": timezone.localdate().year,
        "apply_url": url,
        "qr": qr_data_uri(url) if org.level in ("town", "department", "village", "unit") else "",
    }
