"""Panels the volunteers app puts on pages other apps own (home, org page)."""

from django import template

from grassroots import checks
from orgs import scoping
from volunteers import selectors
from volunteers.models import FirstAidCertificate, Volunteer

register = template.Library()


@register.inclusion_tag("volunteers/_org_panel.html")
def org_volunteer_panel(org, user):
    """五有/六有 checklist and volunteer counts on a grassroots org's page."""
    return {"org": org, "counts": selectors.org_panel_counts(org),
            "checklist": checks.five_haves(org) if org.is_grassroots else [],
            "can_edit": scoping.can(user, "volunteer.edit", org)}


@register.inclusion_tag("volunteers/_home_panel.html")
def my_volunteer_summary(user):
    if user.role != "volunteer":
        return {"volunteer": None}
    volunteer = Volunteer.objects.visible_to(user).filter(user=user).first()
    if volunteer is None:
        return {"volunteer": None}
    return {"volunteer": volunteer, "hours": selectors.volunteer_hours(volunteer),
            "stars": selectors.current_stars(volunteer),
            "certificates": selectors.valid_certificates(
                FirstAidCertificate.objects.visible_to(user)).count()}
