"""``QuickSelect`` makes the org pickers' and filters' markup in Python; it must be the markup ``forms.Select``
makes, escaping included."""

import pytest
from django import forms
from django.test import SimpleTestCase

from lib.widgets import QuickSelect
from orgs.forms import org_choice_field

CHOICES = [("", "全部"), (1, "<script>alert('x')</script>"), (2, "A & B “引号” \"q\""),
           ("组", [(3, "甲"), (4, "乙")])]


@pytest.mark.parametrize("value", [None, "", 2, "4", [1, 4]])
def test_same_markup_as_django_select(value):
    attrs = {"id": "id_org", "class": "form-select", "required": True, "data-x": "<&>"}
    multiple = isinstance(value, list)
    ours = (forms.SelectMultiple if multiple else forms.Select)
    fast = type("Fast", (QuickSelect,), {"allow_multiple_selected": multiple})
    expected = ours(choices=CHOICES).render("org", value, attrs)
    got = fast(choices=CHOICES).render("org", value, attrs)
    SimpleTestCase().assertHTMLEqual(got, expected)
    assert "<script>" not in got and 'data-x="&lt;&amp;&gt;"' in got


def test_org_picker_lists_the_subtree_indented_with_the_choice_selected(cast):
    field = org_choice_field(cast.d1_admin, "组织")
    html = field.widget.render("org", cast.t1.pk, {"id": "id_org"})
    assert f'<option value="{cast.t1.pk}" selected>' in html
    assert cast.d1.name in html and cast.t1.name in html
    assert cast.d2.name not in html  # another district: out of the user's subtree
    assert field.clean(str(cast.t1.pk)) == cast.t1
