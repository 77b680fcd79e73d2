from functools import partial

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import history, paging
from lib.formpages import add_errors, submitted
from orgs import lockout, scoping, services
from orgs.forms import (
    AccountCreateForm,
    AccountUpdateForm,
    AuditFilterForm,
    OrganizationForm,
    PasswordChangeForm,
    TargetOrgForm,
)
from orgs.models import GRASSROOTS_LEVELS, AuditEvent, Organization, OrgStatus, User


def _detail_url(org) -> str:
    return reverse("orgs:detail", args=[org.pk])


@login_required
@require_GET
def home(request):
    grassroots = scoping.visible_orgs(request.user).filter(level__in=GRASSROOTS_LEVELS)
    # order_by(): the tree's default ordering (path) would otherwise join the GROUP BY, one group a row
    by_status = dict(grassroots.order_by().values_list("status").annotate(n=Count("pk")))
    context = {
        "root": scoping.root_of(request.user),
        "grassroots_total": by_status.get(OrgStatus.FILED, 0) + by_status.get(OrgStatus.PLANNED, 0),
        "grassroots_filed": by_status.get(OrgStatus.FILED, 0),
        "grassroots_planned": by_status.get(OrgStatus.PLANNED, 0),
    }
    return render(request, "orgs/home.html", context)


@login_required
@require_GET
def org_tree(request):
    user = request.user
    roots = (Organization.objects.get_root_nodes() if user.is_superuser else
             Organization.objects.filter(pk=user.org_id))
    return render(request, "orgs/tree.html", {"nodes": roots.visible_to(user)})


@login_required
@require_GET
def org_children(request, pk):
    """The children of one node, loaded when the node is opened in the tree."""
    org = scoping.get_visible_or_404(Organization, request.user, pk=pk)
    scoping.require(request.user, "org.view", org)
    return render(request, "orgs/_tree_nodes.html", {"nodes": Organization.objects.get_children(org)})


@login_required
@require_GET
def org_detail(request, pk):
    org = scoping.get_visible_or_404(Organization, request.user, pk=pk)
    scoping.require(request.user, "org.view", org)
    context = {
        "org": org,
        "ancestors": [a for a in Organization.objects.get_ancestors(org) if scoping.in_scope(request.user, a)],
        "children": Organization.objects.get_children(org),
        "terms": org.leadership_terms.all(),
        "events": org.governance_events.all(),
        "changes": org.changes.select_related("by", "counterpart")[:50],
        "field_history": history.changes(org) if scoping.can(request.user, "org.edit", org) else [],
        "can_edit": scoping.can(request.user, "org.edit", org),
        "can_add_child": scoping.can(request.user, "org.add_child", org) and not org.is_dissolved,
        "can_restructure": scoping.can(request.user, "org.restructure", org) and not org.is_dissolved,
    }
    return render(request, "orgs/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def org_create(request, parent_pk):
    parent = scoping.get_visible_or_404(Organization, request.user, pk=parent_pk)
    scoping.require(request.user, "org.add_child", parent)
    form = OrganizationForm(request.POST or None, parent=parent)
    done = submitted(request, form, partial(services.create_org, parent=parent, by=request.user),
                     success=lambda org: f"已新建“{org.name}”。", then=_detail_url)
    return done or render(request, "orgs/form.html", {"form": form, "title": f"在“{parent.name}”下新建组织"})


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request, pk):
    org = scoping.get_visible_or_404(Organization, request.user, pk=pk)
    scoping.require(request.user, "org.edit", org)
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=org.pk))
    done = submitted(request, form, partial(services.update_org, org, by=request.user),
                     success="已保存。", then=_detail_url(org))
    return done or render(request, "orgs/form.html", {"form": form, "title": f"编辑“{org.name}”", "org": org})


# Move, merge and dissolve share one shape: pick another org, call the service.
RESTRUCTURE = {
    "move": ("new_parent", "新的上级组织", "调整上级", services.move_org, "已调整上级组织。"),
    "merge": ("into", "并入的组织", "合并到其他组织", services.merge_org, "已合并，下级组织和人员已转入。"),
    "dissolve": ("successor", "接收下级组织和人员的组织", "撤销组织", services.dissolve_org,
                 "已撤销，下级组织和人员已转入接收组织。"),
}


@login_required
@require_http_methods(["GET", "POST"])
def org_restructure(request, pk, action):
    field, label, title, service, done = RESTRUCTURE[action]
    org = scoping.get_visible_or_404(Organization, request.user, pk=pk)
    scoping.require(request.user, "org.restructure", org)
    form = TargetOrgForm(request.POST or None, user=request.user, label=label, field=field,
                         reason=action == "dissolve")
    if request.method == "POST" and form.is_valid():
        extra = {"reason": form.cleaned_data["reason"]} if action == "dissolve" else {}
        try:
            service(org, by=request.user, **{field: form.cleaned_data[field]}, **extra)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": f"{title}：{org.name}", "org": org,
                                              "danger": action != "move"})


@login_required
@require_GET
def account_list(request):
    scoping.require(request.user, "account.manage")
    accounts = User.objects.filter(org__isnull=False).select_related("org").order_by("org__path", "username")
    accounts = scoping.scope(accounts, request.user)
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/account_list.html", {
        "page": page, "locked": lockout.locked(a.username for a in page)})


@login_required
@require_POST
def account_unlock(request, pk):
    """解除登录锁定: an admin ends every lock-out of an account of its subtree (audit-logged)."""
    account = scoping.get_visible_or_404(User.objects.filter(org__isnull=False), request.user, pk=pk)
    lockout.unlock(account, by=request.user, request=request)
    messages.success(request, f"已解除账号 {account.username} 的登录锁定。")
    return redirect("orgs:accounts")


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    scoping.require(request.user, "account.manage")
    form = AccountCreateForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.create_account, by=request.user),
                     success=lambda account: f"已创建账号 {account.username}。", then=reverse("orgs:accounts"))
    return done or render(request, "orgs/form.html", {"form": form, "title": "新建账号"})


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    account = scoping.get_visible_or_404(User.objects.filter(org__isnull=False), request.user, pk=pk)
    scoping.require(request.user, "account.manage", account)
    form = AccountUpdateForm(request.POST or None, instance=User.objects.get(pk=account.pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_account(account, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "账号已保存。")
            return redirect("orgs:accounts")
    return render(request, "orgs/form.html", {"form": form, "title": f"编辑账号 {account.username}"})


@login_required
@require_GET
def audit_log(request):
    scoping.require(request.user, "audit.view")
    form = AuditFilterForm(request.GET or None)
    events = form.filter(scoping.scope(AuditEvent.objects.select_related("org"), request.user))
    # newest first by id: rows are appended in time order, and an integer cursor is exact on every database
    page = paging.cursor_page(request, events, ("-id",), per_page=100)
    return render(request, "orgs/audit_log.html", {"page": page, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)  # this session stays, others end
        messages.success(request, "密码已修改。")
        return redirect("home")
    return render(request, "orgs/form.html", {"form": form, "title": "修改密码"})


def server_error(request):
    """``handler500``: a plain Chinese page, never a traceback, and without touching the database.
    A lost database connection (PostgreSQL restarted, a backend killed) is a 503 that tells the
    user to retry; Django drops the broken connection after the request and the next request opens
    a new one (``CONN_HEALTH_CHECKS``). An upload or a stamped PDF that cannot be written (the media
    folder read-only or full) is a 503 too, saying so."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    from lib import storage_errors

    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
    if storage_errors.is_storage_error(exc):  # media folder read-only or full: say so, nothing was saved
        return HttpResponse(render_to_string("503_storage.html", {"why": storage_errors.why(exc)}), status=503)
    return HttpResponse(render_to_string("500.html"), status=500)
