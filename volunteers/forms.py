from decimal import Decimal

from django import forms

from lib.widgets import QuickSelect
from orgs.forms import AccountCreateForm, IdNumberField, keep_phone_masked, org_choice_field
from volunteers.models import Activity, FirstAidCertificate, ServiceTeam, Volunteer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VolunteerForm(forms.ModelForm):
    # not a model field here: the column holds ciphertext; ``volunteers.services`` seals the number
    id_number = IdNumberField(label="身份证号")

    class Meta:
        model = Volunteer
        fields = ["name", "gender", "phone", "skills", "registered_on", "status"]
        widgets = {"registered_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "gender", "id_number"])
        if self.instance.pk is None:  # a volunteer changes org by transfer, not by editing
            self.fields["org"] = org_choice_field(user, "管理组织")
            self.order_fields(["org", "name", "gender", "id_number"])
        else:  # never shown whole: left empty, the number on file stays
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = f"现为 {self.instance.masked_id}；留空则不修改。"
            keep_phone_masked(self, "phone", self.instance.phone)
            # the day 退出 (or coming back) took effect: statistics count the volunteer until then
            self.fields["changed_on"] = forms.DateField(
                label="状态变更日期", required=False, widget=DATE,
                help_text="改为“退出”或重新“在册”时填写生效日期；留空为今天。")


class HoursForm(forms.Form):
    served_on = forms.DateField(label="服务日期", widget=DATE)
    hours = forms.DecimalField(label="服务时长（小时）", max_digits=4, decimal_places=2, min_value=Decimal("0.01"),
                               max_value=24)
    activity = forms.ModelChoiceField(Activity.objects.none(), label="活动", required=False)
    team = forms.ModelChoiceField(ServiceTeam.objects.none(), label="服务队", required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, user, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities if activities is not None else (
            Activity.objects.visible_to(user))
        if user.role == "volunteer":
            del self.fields["team"]
        else:
            self.fields["team"].queryset = ServiceTeam.objects.visible_to(user)


class ExpiringWithinForm(forms.Form):
    """The certificate list's ``?days=``: certificates expiring within that many days."""

    DEFAULT = 90
    days = forms.IntegerField(required=False, min_value=1, max_value=3650, error_messages={
        "invalid": "天数须为 1 到 3650 之间的整数。", "min_value": "天数须为 1 到 3650 之间的整数。",
        "max_value": "天数须为 1 到 3650 之间的整数。"})


class StarAwardForm(forms.Form):
    stars = forms.TypedChoiceField(label="星级", coerce=int, choices=[(i, f"{i}星") for i in range(1, 6)])
    reason = forms.CharField(label="评定理由", max_length=200)
    notice_days = forms.IntegerField(label="公示天数", min_value=1, max_value=60, initial=7)


class CertificateForm(forms.ModelForm):
    class Meta:
        model = FirstAidCertificate
        fields = ["number", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE, "expires_on": DATE}
        help_texts = {"expires_on": "留空则按发证日期起3年计算"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].required = False


class TeamForm(forms.ModelForm):
    class Meta:
        model = ServiceTeam
        fields = ["name", "specialty", "founded_on"]
        widgets = {"founded_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "所属组织")
        self.order_fields(["org"])


def find_volunteers(volunteers, search: str, shown: int) -> tuple[list[tuple[int, str]], bool]:
    """Pickers of volunteers: a city's run to tens of thousands, many sharing a name, so a picker
    lists only those of ``volunteers`` whose name contains ``search``, at most ``shown``, each
    labelled with the org that manages them. Returns the choices and whether more matched."""
    if not search:
        return [], False
    found = list(volunteers.filter(name__icontains=search).select_related("org").order_by("name", "pk")
                 [:shown + 1])
    return [(v.pk, f"{v.name}（{v.org.name}）") for v in found[:shown]], len(found) > shown


class RosterForm(forms.Form):
    """Adds volunteers to an activity's roster: found by name (``find_volunteers``), ticked, added;
    what is submitted is checked against every volunteer the user sees."""

    SHOWN = 50

    volunteers = forms.ModelMultipleChoiceField(
        Volunteer.objects.none(), label="查找结果（可多选）",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "请先按姓名查找，再勾选要添加的志愿者。"})

    def __init__(self, *args, user, activity: Activity, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        visible = Volunteer.objects.visible_to(user)
        self.fields["volunteers"].queryset = visible
        self.search = search.strip()
        choices, self.more = find_volunteers(visible.exclude(activities=activity), self.search, self.SHOWN)
        self.fields["volunteers"].choices = choices
        self.found = len(choices)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=[("volunteers", "志愿者"), ("records", "服务记录")])
    file = forms.FileField(label="Excel 文件（.xlsx）")
    dry_run = forms.BooleanField(label="仅检查，不保存", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "导入到组织")
        self.order_fields(["org"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 5MB。")
        return upload


class MembershipForm(forms.Form):
    """Adds a volunteer to a team: found by name (``find_volunteers``), chosen, added; what is
    submitted is checked against every volunteer the user sees."""

    SHOWN = 50

    volunteer = forms.ModelChoiceField(Volunteer.objects.none(), label="志愿者",
                                       widget=QuickSelect(attrs={"class": "form-select"}),
                                       error_messages={"required": "请先按姓名查找，再选择志愿者。"})
    joined_on = forms.DateField(label="加入日期", widget=DATE)

    def __init__(self, *args, user, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        visible = Volunteer.objects.visible_to(user)
        self.fields["volunteer"].queryset = visible
        self.search = search.strip()
        choices, self.more = find_volunteers(visible, self.search, self.SHOWN)
        self.fields["volunteer"].choices = [("", "请选择"), *choices]
        self.found = len(choices)


class LeaveTeamForm(forms.Form):
    left_on = forms.DateField(label="退出日期", widget=DATE)


class MoveVolunteerForm(forms.Form):
    reason = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"] = org_choice_field(user, "新的管理组织")
        self.order_fields(["to_org"])


class MemberLinkForm(forms.Form):
    number = forms.CharField(label="会员编号", max_length=20)


class VolunteerAccountForm(AccountCreateForm):
    """登录名 and 初始密码 (checked by the password rules) of a volunteer's own account."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["role"], self.fields["org"]
