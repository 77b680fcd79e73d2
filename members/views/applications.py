"""扫码入会: the public pages and the org's queue of applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.formpages import add_errors
from members import services
from members.forms import (
    ApplicationForm,
    RejectForm,
)
from members.models import Application
from members.views.common import client_ip, need
from orgs import scoping
from orgs.models import GRASSROOTS_LEVELS, Organization, OrgStatus

RATE_LIMIT, RATE_WINDOW = 5, 3600


def _rate_limited(request) -> bool:
    key = f"members:apply:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def _open_orgs():
    return Organization.objects.filter(level__in=GRASSROOTS_LEVELS).exclude(status=OrgStatus.DISSOLVED)


@require_GET
def apply_pick(request):
    """Public: find a grassroots org by its name or a region's name (an ancestor's)."""
    q = (request.GET.get("q") or "").strip()[:50]
    orgs = _open_orgs()
    if q:
        regions = Organization.objects.filter(name__icontains=q).values_list("path", flat=True)[:50]
        cond = Q(name__icontains=q)
        for path in regions:
            cond |= Q(path__startswith=path)
        orgs = orgs.filter(cond)
    page = Paginator(orgs.order_by("path"), 30).get_page(request.GET.get("page"))
    return render(request, "members/apply_pick.html", {"page": page, "q": q})


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, org_pk):
    org = get_object_or_404(_open_orgs(), pk=org_pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST":
        if form.data.get("website"):  # honeypot: people never see it, bots fill it
            return redirect("members:apply_done")
        if _rate_limited(request):
            context = {"form": form, "org": org, "limited": True}
            return render(request, "members/apply.html", context, status=429)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("kind", "name", "id_number", "phone", "in_school")}
            try:
                services.submit_application(org=org, **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("members:apply_done")
    return render(request, "members/apply.html", {"form": form, "org": org})


@require_GET
def apply_done(request):
    return render(request, "members/apply_done.html")


@never_cache
@login_required
@require_GET
def application_queue(request):
    need(request.user, "application.review")
    apps = Application.objects.visible_to(request.user).filter(state=Application.State.PENDING)
    page = Paginator(apps.with_duplicates(request.user).select_related("org"), 50).get_page(request.GET.get("page"))
    return render(request, "members/queue.html", {"page": page, "reject_form": RejectForm()})


@login_required
@require_POST
def application_decide(request, pk):
    app = scoping.get_visible_or_404(Application, request.user, pk=pk)
    approve = request.POST.get("approve") == "1"
    try:
        app = services.decide_application(app, by=request.user, approve=approve,
                                          reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        if approve:
            messages.success(request, f"已通过，会员编号 {app.member.number}。")
        else:
            messages.success(request, "已退回申请。")
    return redirect("members:queue")


@login_required
@require_GET
def org_qr(request, org_pk):
    """A printable page with the org's application QR code."""
    org = scoping.get_visible_or_404(Organization, request.user, pk=org_pk)
    scoping.require(request.user, "org.view", org)
    from members.templatetags.members_tags import qr_data_uri

    url = request.build_absolute_uri(reverse("members:apply", args=[org.pk]))
    return render(request, "members/qr.html", {"org": org, "url": url, "qr": qr_data_uri(url, scale=8)})
