"""The district-wide 五有/六有 list (seed 000 三, seed 004 item 8): for each item, the grassroots
orgs in the user's scope failing it today, each with the link to where it records what is missing.
Derived by ``grassroots.checks.failing``, never ticked by the district."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from grassroots import checks
from orgs import scoping
from orgs.models import GRASSROOTS_LEVELS, Organization, OrgStatus


@login_required
@require_GET
def compliance(request):
    scoping.require(request.user, "campaign.supervise")
    orgs = scoping.scope(Organization.objects.filter(level__in=GRASSROOTS_LEVELS)
                         .exclude(status=OrgStatus.DISSOLVED), request.user).order_by("path")
    rows = checks.failing(orgs)
    return render(request, "campaigns/compliance.html", {"rows": rows, "total": orgs.count()})
