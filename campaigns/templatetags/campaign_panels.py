from django import template

from campaigns import progress
from orgs import scoping

register = template.Library()


@register.inclusion_tag("campaigns/_home_panel.html", takes_context=True)
def unit_countdown(context):
    """A grassroots unit's home page: its campaigns' stages with a countdown and what is missing."""
    user = context["request"].user
    org = user.org if user.is_authenticated and user.org_id else None
    if org is None or not org.is_grassroots or not scoping.can(user, "campaign.unit_view", org):
        return {"progress": []}
    return {"progress": progress.unit_progress(org), "org": org,
            "may_edit": scoping.can(user, "campaign.unit_edit", org)}
