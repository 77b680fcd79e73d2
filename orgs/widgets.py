"""Widgets for the org pickers, which list a whole subtree: a city admin's picker holds hundreds of
orgs, a province admin's thousands.

Django renders every ``<option>`` through the ``select_option.html`` template, about 0.2 ms an
option: 20 ms of a district's member list and most of a city's statistics page went on the picker
alone (bench/RESULTS-load.md). ``OrgSelect`` makes the same markup in Python.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class OrgSelect(forms.Select):
    """A ``<select>`` with the same attributes, options and selection as ``forms.Select``, made
    without a template per option. Values and labels are escaped by ``format_html``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (option["value"], flatatt(option["attrs"]), option["label"])
            for _, group, _ in widget["optgroups"] for option in group))
        return format_html("<select name=\"{}\"{}>{}</select>", widget["name"], flatatt(widget["attrs"]), options)
