"""The page shell's helpers: what a menu shows comes from the rules the views apply
(``orgs.scoping``), and what the audit log shows is the Chinese name of each action."""

from django import template

from orgs import audit, scoping

register = template.Library()


@register.filter
def may(user, action: str) -> bool:
    """``{% if user|may:"member.edit" %}``: the user's role may do ``action`` somewhere in their
    subtree (``scoping.can`` without an object): a menu shows an entry only to those it serves."""
    return scoping.can(user, action)


@register.filter
def action_label(code: str) -> str:
    return audit.action_label(code)


@register.filter
def opens_admin(request) -> bool:
    """The data back office (Django admin) opens for this request's user, by the site's own rule."""
    from orgs.admin import admin_site

    return admin_site.has_permission(request)
