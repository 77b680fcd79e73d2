from django import template

from filings import selectors
from filings.models import Filing
from orgs import scoping

register = template.Library()


@register.simple_tag(takes_context=True)
def filing_panel(context, org):
    user = context["request"].user
    if not org.is_grassroots or not scoping.can(user, "filing.view", org):
        return {"show": False}
    filing = Filing.objects.visible_to(user).filter(org=org).first()
    return {"show": True, "filing": filing, "can_start": scoping.can(user, "filing.edit", org)}


@register.simple_tag(takes_context=True)
def unit_filing(context):
    """The home page's panel of a grassroots unit's own filing (``selectors.unit_filing``)."""
    return selectors.unit_filing(context["request"].user)

