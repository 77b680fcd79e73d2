import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from lib.widgets import DateRange, QuickSelect
from members.models import Application, Honour, Kind, Member, Status
from members.services import check_member_fields
from orgs import scoping
from orgs.forms import IdNumberField, OrgChoiceField, keep_phone_masked
from orgs.models import GRASSROOTS_LEVELS, Organization


class MemberForm(forms.Form):
    org = forms.ModelChoiceField(label="所属组织", queryset=Organization.objects.none(), widget=QuickSelect)
    kind = forms.ChoiceField(label="会员类别", choices=Kind.choices)
    name = forms.CharField(label="姓名/单位名称", max_length=100)
    id_number = IdNumberField(label="身份证号码", required=False)
    in_school = forms.BooleanField(label="在校学生", required=False)
    phone = forms.CharField(label="手机号码", max_length=11, required=False, help_text="成人会员必填")
    credit_code = IdNumberField(label="统一社会信用代码（团体会员）", required=False)
    contact_person = forms.CharField(label="联系人（团体会员）", max_length=50, required=False)
    joined_on = forms.DateField(label="入会日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["org"].queryset = scoping.visible_orgs(user).filter(level__in=GRASSROOTS_LEVELS)
        if member is not None:  # editing: the org, ID and joining date change by other means
            for name in ("org", "id_number", "joined_on"):
                del self.fields[name]
            keep_phone_masked(self, "phone", self.initial.get("phone", ""))

    def clean(self):
        """The member rule the import applies to each row (``check_member_fields``), errors next to
        their fields."""
        data = super().clean()
        kept = self.member
        try:
            clean = check_member_fields(
                kind=data.get("kind"), name=data.get("name", ""), phone=data.get("phone", ""),
                id_number=kept.full_id if kept else data.get("id_number", ""), in_school=data.get("in_school", False),
                credit_code=data.get("credit_code", ""), contact_person=data.get("contact_person", ""),
                joined_on=kept.joined_on if kept else data.get("joined_on"))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, messages)
        else:
            data.update({k: v for k, v in clean.items() if k in self.fields})
        return data


class OrgFilter(django_filters.ModelChoiceFilter):
    """An org of the user's subtree, picked from the indented tree (``orgs.forms.OrgChoiceField``)."""

    field_class = OrgChoiceField


class MemberFilter(django_filters.FilterSet):
    org = OrgFilter(label="组织（含下级）", queryset=Organization.objects.none(), method="in_subtree")
    kind = django_filters.ChoiceFilter(label="类别", choices=Kind.choices, widget=QuickSelect)
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, method="by_status", widget=QuickSelect)
    joined = django_filters.DateFromToRangeFilter(
        label="入会日期", field_name="joined_on",
        widget=DateRange)
    q = django_filters.CharFilter(label="姓名/会员编号/身份证末四位", method="search")

    class Meta:
        model = Member
        fields = ["org", "kind", "status", "joined", "q"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["org"].queryset = scoping.visible_orgs(user).order_by("path")

    def in_subtree(self, qs, name, value):
        return qs.filter(org__path__startswith=value.path)

    def by_status(self, qs, name, value):
        if value == Status.TRANSFERRED:  # the view already chose the transferred-out rows
            return qs
        return qs.with_status(value)

    def search(self, qs, name, value):
        """Name, member number or the ID's last four characters (kept in plain beside the sealed
        number, ``lib.pii.tail``). A whole ID number is found by POST through the blind index
        (``members:find``), never in a URL."""
        from django.db.models import Q

        value = value.strip()
        if not value:
            return qs
        cond = Q(name__icontains=value) | Q(number=value)
        if re.fullmatch(r"\d{3}[\dXx]", value):
            cond |= Q(id_tail=value.upper())
        return qs.filter(cond)


class ApplicationForm(forms.ModelForm):
    id_number = IdNumberField(label="身份证号码")
    website = forms.CharField(required=False, label="请勿填写此项",
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    class Meta:
        model = Application
        fields = ["kind", "name", "id_number", "phone", "in_school"]


class RejectForm(forms.Form):
    reason = forms.CharField(label="不通过原因", max_length=200)


class TransferForm(forms.Form):
    """关系转接: the receiving org may be any grassroots org in the country, so the picker lists only
    the orgs whose name matches ``search`` (at most ``SHOWN``), each with its parent's name; what is
    submitted is checked against all of them."""

    SHOWN = 50

    to_org = forms.ModelChoiceField(label="转入组织", queryset=Organization.objects.filter(
        level__in=GRASSROOTS_LEVELS).exclude(status="dissolved"), widget=QuickSelect(attrs={"class": "form-select"}),
        error_messages={"required": "请选择转入组织。", "invalid_choice": "所选转入组织不存在或已撤销。"})
    reason = forms.CharField(label="说明", max_length=200, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.search = search.strip()
        found = list(self.fields["to_org"].queryset.filter(name__icontains=self.search).order_by("path")
                     [:self.SHOWN + 1]) if len(self.search) >= 2 else []
        self.more = len(found) > self.SHOWN
        found = found[:self.SHOWN]
        step = Organization.steplen
        parents = dict(Organization.objects.filter(path__in={o.path[:-step] for o in found})
                       .values_list("path", "name"))
        self.fields["to_org"].choices = [("", "请选择")] + [
            (o.pk, f"{o.name}（{parents.get(o.path[:-step], '')}）") for o in found]
        self.found = len(found)


class DuesForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    amount = forms.DecimalField(label="金额（元）", max_digits=8, decimal_places=2)


class HonourForm(forms.Form):
    kind = forms.ChoiceField(label="荣誉", choices=Honour.Kind.choices)
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    name = forms.CharField(label="姓名", max_length=100)
    citation = forms.CharField(label="事迹", max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="会员信息表（.xlsx）")
