"""Activities (``grassroots.Activity``) as volunteers meet them: the list, a new one, its roster and
the hours of the roster."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots import forms as grassroots_forms
from grassroots import services as grassroots_services
from lib.formpages import acted, submitted
from orgs import scoping
from volunteers import forms, services
from volunteers.models import (
    Activity,
    Volunteer,
)
from volunteers.views.common import page_of


@login_required
@never_cache
@require_GET
def activity_list(request):
    scoping.require(request.user, "volunteer.view")
    qs = Activity.objects.visible_to(request.user).select_related("org")
    return render(request, "volunteers/activity_list.html", {"page": page_of(request, qs)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def activity_create(request):
    scoping.require(request.user, "volunteer.edit")
    form = grassroots_forms.ActivityForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(grassroots_services.create_activity, by=request.user),
                     then=lambda activity: reverse("volunteers:activity", args=[activity.pk]))
    return done or render(request, "volunteers/form.html", {"form": form, "title": "登记活动"})


def _activity(request, pk) -> Activity:
    activity = scoping.get_visible_or_404(Activity.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "volunteer.view", activity)
    return activity


def _activity_page(request, activity, *, roster, errors=(), roster_form=None):
    search = request.GET.get("q", "")
    return render(request, "volunteers/activity_detail.html", {
        "activity": activity, "roster": roster, "errors": errors,
        "roster_form": roster_form or forms.RosterForm(user=request.user, activity=activity, search=search),
        "records": activity.records.select_related("volunteer"),
        "can_edit": scoping.can(request.user, "volunteer.edit", activity),
        "can_log": scoping.can(request.user, "volunteer.log_hours", activity)})


def _roster(request, activity) -> list:
    return list(Volunteer.objects.visible_to(request.user).filter(activities=activity).select_related("org")
                .order_by("name", "pk"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def activity_detail(request, pk):
    """The activity, its roster (found by name and added here), and bulk hours entry for the
    roster (all or nothing)."""
    activity = _activity(request, pk)
    roster = _roster(request, activity)
    errors = []
    if request.method == "POST":
        scoping.require(request.user, "volunteer.log_hours", activity)
        entries = {v: request.POST.get(f"hours_{v.pk}", "").strip() for v in roster}
        try:
            services.log_roster_hours(activity, {v: h for v, h in entries.items() if h}, by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        except (ArithmeticError, ValueError):
            errors = ["服务时长须为数字。"]
        else:
            messages.success(request, "已为参与志愿者登记服务时长，待审核。")
            return redirect("volunteers:activity", pk=activity.pk)
    return _activity_page(request, activity, roster=roster, errors=errors)


@login_required
@never_cache
@require_POST
def roster_add(request, pk):
    activity = _activity(request, pk)
    scoping.require(request.user, "volunteer.edit", activity)
    form = forms.RosterForm(request.POST, user=request.user, activity=activity, search=request.POST.get("q", ""))
    done = submitted(request, form, partial(services.add_to_roster, activity, by=request.user),
                     success=lambda added: f"已添加 {added} 位参与志愿者。",
                     then=reverse("volunteers:activity", args=[activity.pk]))
    return done or _activity_page(request, activity, roster=_roster(request, activity), roster_form=form)


@login_required
@never_cache
@require_POST
def roster_remove(request, pk, volunteer_pk):
    activity = _activity(request, pk)
    volunteer = scoping.get_visible_or_404(Volunteer.objects.filter(activities=activity), request.user,
                                           pk=volunteer_pk)
    return acted(request, partial(services.remove_from_roster, activity, volunteer, by=request.user),
                 success=f"已将{volunteer.name}移出参与名单（已登记的服务时长不变）。",
                 then=reverse("volunteers:activity", args=[activity.pk]))
