"""Service teams and their members."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lib.formpages import submitted
from orgs import scoping
from volunteers import forms, selectors, services
from volunteers.models import (
    ServiceTeam,
    TeamMembership,
)
from volunteers.views.common import page_of


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_leave(request, pk):
    """退出服务队: end one team membership on a date."""
    membership = scoping.get_visible_or_404(TeamMembership.objects.select_related("team", "volunteer"),
                                            request.user, pk=pk)
    scoping.require(request.user, "volunteer.edit", membership.team)
    form = forms.LeaveTeamForm(request.POST or None, initial={"left_on": timezone.localdate()})
    done = submitted(request, form, partial(services.leave_team, membership, by=request.user),
                     success=f"{membership.volunteer.name}已退出{membership.team.name}。",
                     then=reverse("volunteers:team", args=[membership.team_id]))
    title = f"退出服务队：{membership.volunteer.name} · {membership.team.name}"
    return done or render(request, "volunteers/form.html", {"form": form, "title": title})


@login_required
@never_cache
@require_GET
def team_list(request):
    scoping.require(request.user, "volunteer.view")
    qs = ServiceTeam.objects.visible_to(request.user).select_related("org")
    return render(request, "volunteers/team_list.html", {"page": page_of(request, qs)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_detail(request, pk):
    """A team, its members with dates, its approved hours; staff add members here."""
    team = scoping.get_visible_or_404(ServiceTeam.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "volunteer.view", team)
    search = request.GET.get("q") or request.POST.get("q", "")
    form = forms.MembershipForm(request.POST or None, user=request.user, search=search)
    if request.method == "POST":
        scoping.require(request.user, "volunteer.edit", team)
    done = submitted(request, form, partial(services.add_to_team, team, by=request.user),
                     then=reverse("volunteers:team", args=[team.pk]))
    return done or render(request, "volunteers/team_detail.html", {
        "team": team, "form": form, "hours": selectors.team_hours(team),
        "memberships": team.memberships.select_related("volunteer__org"),
        "can_edit": scoping.can(request.user, "volunteer.edit", team)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_create(request):
    scoping.require(request.user, "volunteer.edit")
    form = forms.TeamForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.create_team, by=request.user),
                     then=reverse("volunteers:teams"))
    return done or render(request, "volunteers/form.html", {"form": form, "title": "新建志愿服务队"})
