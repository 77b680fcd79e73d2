"""The register of volunteers: list, search by ID, create, edit, move, account, member link,
and the volunteer page. Every object comes through ``orgs.scoping`` (404 out of scope, 403 wrong role);
every write goes through ``volunteers.services``."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import history, paging
from lib.formpages import acted, submitted
from orgs import scoping
from orgs.forms import IdSearchForm, ReasonForm
from people.models import HISTORY_MASK
from volunteers import forms, selectors, services
from volunteers.filters import VolunteerFilter
from volunteers.models import (
    ServiceRecord,
    Volunteer,
)
from volunteers.views.common import PER_PAGE, detail_url


@login_required
@never_cache
@require_GET
def volunteer_list(request):
    scoping.require(request.user, "volunteer.view")
    qs = selectors.with_hours(Volunteer.objects.visible_to(request.user).select_related("org"))
    flt = VolunteerFilter(request.GET, queryset=qs)
    page = paging.cursor_page(request, flt.qs, ("org__path", "name", "pk"), per_page=PER_PAGE)
    return render(request, "volunteers/volunteer_list.html", {
        "filter": flt, "page": page, "reason_form": ReasonForm(), "id_form": IdSearchForm(),
        "can_export_full": scoping.can(request.user, "volunteer.export_full")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_create(request):
    scoping.require(request.user, "volunteer.edit")
    form = forms.VolunteerForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.register_volunteer, by=request.user),
                     success=lambda v: f"已登记志愿者“{v.name}”。", then=detail_url)
    return done or render(request, "volunteers/form.html", {"form": form, "title": "登记志愿者"})


def detail_page(request, volunteer, *, revealed=False, reason_form=None, reveal_form=None, data_form=None, status=200):
    hours = selectors.volunteer_hours(volunteer)
    context = {
        "volunteer": volunteer, "hours": hours, "stars": selectors.current_stars(volunteer),
        "revealed": revealed, "can_reveal": scoping.can(request.user, "volunteer.reveal_pii", volunteer),
        "changes": history.changes(volunteer, mask=HISTORY_MASK),
        "record_changes": ServiceRecord.history.filter(volunteer=volunteer).select_related("history_user")
        .order_by("-history_date", "-history_id")[:20],
        "suggested": selectors.suggested_stars(hours), "thresholds": selectors.star_thresholds(),
        "records": volunteer.records.select_related("activity", "team", "credited_org")[:50],
        "awards": volunteer.star_awards.select_related("awarded_by_org"),
        "certificates": volunteer.certificates.select_related("issuing_body"),
        "can_log": scoping.can(request.user, "volunteer.log_hours", volunteer),
        "can_award": scoping.can(request.user, "volunteer.award_stars", volunteer),
        "can_certify": scoping.can(request.user, "volunteer.issue_certificate", volunteer),
        "can_edit": scoping.can(request.user, "volunteer.edit", volunteer),
        "can_open_account": scoping.can(request.user, "account.manage", volunteer),
        "member": _visible_member(request.user, volunteer), "link_form": forms.MemberLinkForm(),
        "memberships": volunteer.memberships.select_related("team"),
        "spells": volunteer.spells.select_related("org"),
        "can_personal_data": scoping.can(request.user, "volunteer.personal_data", volunteer),
        "can_erase": scoping.can(request.user, "volunteer.erase", volunteer) and not volunteer.erased_at,
        "reason_form": reason_form or ReasonForm(),
        "reveal_form": reveal_form or ReasonForm(auto_id="reveal_%s"),
        "data_form": data_form or ReasonForm(auto_id="data_%s"),
    }
    return render(request, "volunteers/volunteer_detail.html", context, status=status)


def _visible_member(user, volunteer):
    """The linked member, only when the viewer may see members there."""
    member = volunteer.member
    if member is not None and scoping.can(user, "member.view", member):
        return member
    return None


@login_required
@require_POST
def member_link(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    form = forms.MemberLinkForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写会员编号。")
        services.link_member(volunteer, by=request.user, number=form.cleaned_data["number"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已关联会员。")
    return redirect("volunteers:detail", pk=volunteer.pk)


@login_required
@require_POST
def member_unlink(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    return acted(request, partial(services.unlink_member, volunteer, by=request.user),
                 success="已解除与会员的关联。", then=detail_url(volunteer))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_move(request, pk):
    """转移管理组织: within the mover's subtree, audit-logged on both sides."""
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "volunteer.edit", volunteer)
    form = forms.MoveVolunteerForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.move_volunteer, volunteer, by=request.user),
                     success=lambda _: f"“{volunteer.name}”已转由{form.cleaned_data['to_org'].name}管理。",
                     then=detail_url(volunteer))
    return done or render(request, "volunteers/form.html", {"form": form, "title": f"转移管理组织：{volunteer.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_account(request, pk):
    """开通志愿者账号: admins give a volunteer a self-service login."""
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "account.manage", volunteer)
    form = forms.VolunteerAccountForm(request.POST or None, user=request.user,
                                      initial={"full_name": volunteer.name})
    done = submitted(request, form, partial(services.open_account, volunteer, by=request.user),
                     success=lambda account: f"已为“{volunteer.name}”开通账号 {account.username}。",
                     then=detail_url(volunteer))
    return done or render(request, "volunteers/form.html", {"form": form, "title": f"开通志愿者账号：{volunteer.name}"})


@login_required
@never_cache
@require_GET
def volunteer_detail(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer.objects.select_related("org", "user"), request.user,
                                           pk=pk)
    scoping.require(request.user, "volunteer.view", volunteer)
    return detail_page(request, volunteer)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_edit(request, pk):
    volunteer = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)
    scoping.require(request.user, "volunteer.edit", volunteer)
    fresh = scoping.get_visible_or_404(Volunteer, request.user, pk=pk)  # the form edits its own copy
    form = forms.VolunteerForm(request.POST or None, instance=fresh, user=request.user)
    done = submitted(request, form, partial(services.update_volunteer, volunteer, by=request.user),
                     success="已保存。", then=detail_url(volunteer))
    return done or render(request, "volunteers/form.html", {"form": form, "title": f"修改志愿者：{volunteer.name}"})
