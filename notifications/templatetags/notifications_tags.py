from django import template

from notifications import services

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_counts(context) -> dict:
    """The menu's badges (notifications and what apps register), counted in one query per page."""
    request = context.get("request")
    if request is None:
        return {}
    if not hasattr(request, "_unread_counts"):
        request._unread_counts = services.unread_counts(request.user)
    return request._unread_counts
