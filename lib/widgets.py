"""The ``<select>`` of the org pickers and of the lists' filters. An org picker lists a whole
subtree: a city admin's holds hundreds of orgs, a province admin's thousands.

Django renders every ``<option>`` through the ``select_option.html`` template: a good part of a
district's member list and most of a city's statistics page went on the picker alone
(bench/RESULTS-load.md). ``QuickSelect`` makes the same markup in Python.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django_filters.widgets import DateRangeWidget


class QuickSelect(forms.Select):
    """A ``<select>`` with the attributes, options and selection ``forms.Select`` would give it,
    made without a template per option. Every value and label is escaped (``html.escape``, as
    Django's ``escape`` does, without its lazy-string wrapper: thousands of calls a page)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        options = self._options(self.choices, chosen)
        return mark_safe(f"<select name=\"{escape(name)}\"{flatatt(attrs)}>{options}</select>")

    def _options(self, choices, chosen) -> str:
        html = []
        for value, label in choices:
            if isinstance(label, (list, tuple)):  # a group: (group label, its choices)
                html.append(f"<optgroup label=\"{escape(str(value))}\">{self._options(label, chosen)}</optgroup>")
                continue
            value = "" if value is None else str(value)
            selected = " selected" if value in chosen else ""
            html.append(f"<option value=\"{escape(value)}\"{selected}>{escape(str(label))}</option>")
        return "".join(html)


class DateRange(DateRangeWidget):
    """A list filter's date range (from, to) as one control: two date pickers joined by 至, where
    django-filter's own puts a bare "-" between two text boxes."""

    template_name = "orgs/widgets/date_range.html"

    def __init__(self, attrs=None):
        super().__init__({"type": "date", **(attrs or {})})
