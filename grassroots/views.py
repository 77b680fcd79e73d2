"""The page where staff record an org's 五有/六有 facts (routed as ``volunteers:org_profile``, where
the org page's volunteer panel has always linked to it)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from grassroots import forms, services
from grassroots.models import OrgProfile
from orgs import scoping
from orgs.models import Organization


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def org_profile(request, org_pk):
    """Record the 五有/六有 facts no other app holds: rules, platform, funding."""
    org = scoping.get_visible_or_404(Organization, request.user, pk=org_pk)
    scoping.require(request.user, "volunteer.edit", org)
    form = forms.OrgProfileForm(request.POST or None, instance=OrgProfile.objects.visible_to(request.user)
                                 .filter(org=org).first())
    if request.method == "POST" and form.is_valid():
        services.save_org_profile(org, by=request.user, **form.cleaned_data)
        return redirect("orgs:detail", pk=org.pk)
    return render(request, "volunteers/form.html", {
        "form": form, "title": f"五有/六有情况：{org.name}", "org": org})
