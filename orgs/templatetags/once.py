"""``{% once_token %}``: a one-time token in a create form, so that a double submit (a double
click, a resent request) creates one record (checklist row 20; ``orgs.middleware.OnceMiddleware``)."""

import secrets

from django import template
from django.utils.html import format_html

register = template.Library()
FIELD = "_once"


@register.simple_tag
def once_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, secrets.token_urlsafe(24))
