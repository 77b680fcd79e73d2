"""What the members pages share."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lib import proxies
from members.forms import MemberFilter
from members.models import Member, Status
from orgs import scoping


def detail_url(member) -> str:
    return reverse("members:detail", args=[member.pk])


def client_ip(request) -> str:
    return proxies.client_ip(request) or ""


def need(user, action):
    if not scoping.can(user, action):
        raise PermissionDenied("您没有执行此操作的权限。")


def showing_former(request) -> bool:
    return request.GET.get("status") == Status.TRANSFERRED


def filtered(request):
    """The list's rows; 状态 = 已转出 lists members who have left the user's subtree by transfer."""
    base = Member.objects.all()
    base = scoping.scope_former(base, request.user) if showing_former(request) else base.visible_to(request.user)
    qs = base.with_lapse().select_related("org")
    return MemberFilter(request.GET or None, queryset=qs, user=request.user)

