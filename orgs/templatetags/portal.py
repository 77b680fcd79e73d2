"""The page shell's helpers: what a menu shows comes from the rules the views apply
(``orgs.scoping``), and what the audit log shows is the Chinese name of each action."""

from django import template

from lib import audit
from orgs import scoping

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


@register.filter
def control(field):
    """A form field's widget with the portal's control classes (Bootstrap's form-select, form-control
    or form-check-input, small), unless the form gave it classes of its own."""
    from django import forms

    widget = field.field.widget
    if widget.attrs.get("class"):
        return field.as_widget()
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select) or any(isinstance(w, forms.Select) for w in getattr(widget, "widgets", ())):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    return field.as_widget(attrs={"class": css})


@register.filter
def label_for(field) -> str:
    """The id a field's label points at: for a pair of inputs (a date range), the first of them."""
    if getattr(field.field.widget, "widgets", None):
        return f"{field.auto_id}_0"
    return field.id_for_label
