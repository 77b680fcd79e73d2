from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.forms.models import ModelChoiceIterator

from lib import identity
from lib.identity import mask_phone
from lib.widgets import QuickSelect
from orgs import scoping
from orgs.models import Level, Organization, Role, User


class OrgChoiceIterator(ModelChoiceIterator):
    """The picker's options from four columns of each org instead of whole model instances (a
    province admin's picker lists thousands)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        labels = dict(Level.choices)
        for pk, name, depth, level in self.queryset.values_list("pk", "name", "depth", "level"):
            yield (pk, f"{'　' * (depth - 1)}{name}（{labels[level]}）")


class OrgChoiceField(forms.ModelChoiceField):
    """Chooses an org from the user's subtree only; labels show the place in the tree."""

    widget = QuickSelect
    iterator = OrgChoiceIterator


def org_choice_field(user, label: str, **kwargs) -> OrgChoiceField:
    queryset = scoping.visible_orgs(user).exclude(status="dissolved").order_by("path")
    return OrgChoiceField(queryset=queryset, label=label, **kwargs)


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "level", "category", "form", "host_unit", "address", "unit_head", "headcount",
                  "resident_population", "villages_total", "founded_on"]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, parent: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["level"].disabled = True
        elif parent is not None:
            from orgs.services import CHILD_LEVELS

            allowed = CHILD_LEVELS[parent.level]
            self.fields["level"].choices = [(v, Level(v).label) for v in allowed]

    def clean(self):
        data = super().clean()
        level = data.get("level") or self.instance.level
        if level in (Level.TOWN, Level.DEPARTMENT, Level.VILLAGE, Level.UNIT) and not data.get("category"):
            self.add_error("category", "基层组织须选择类别。")
        if level in (Level.PROVINCE, Level.CITY, Level.COUNTY) and data.get("category"):
            self.add_error("category", "县级以上红十字会不填基层组织类别。")
        return data


class TargetOrgForm(forms.Form):
    """Chooses the other org of a move, merge or dissolution."""

    def __init__(self, *args, user, label: str, field: str, reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = field
        self.fields[field] = org_choice_field(user, label)
        if reason:
            self.fields["reason"] = forms.CharField(label="撤销原因", max_length=200, required=False)


class AccountCreateForm(forms.Form):
    username = forms.RegexField(label="登录名", max_length=150, regex=r"^[\w.@+-]+$",
                                error_messages={"invalid": "登录名只能包含字母、数字和 @ . + - _。"})
    full_name = forms.CharField(label="姓名", max_length=50)
    email = forms.EmailField(label="电子邮箱", required=False)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "所属组织")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该登录名已被使用。")
        return username

    def clean(self):
        data = super().clean()
        if data.get("password"):
            candidate = User(username=data.get("username", ""), full_name=data.get("full_name", ""),
                             org=data.get("org"))
            try:
                validate_password(data["password"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class AccountUpdateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "role", "is_active"]
        labels = {"is_active": "启用"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "所属组织", initial=self.instance.org_id)


class ReasonForm(forms.Form):
    """The stated reason of a full export or an erasure (written to the audit log)."""

    reason = forms.CharField(label="理由（记入审计日志）", max_length=200, min_length=4, error_messages={
        "required": "请填写理由（至少4个字），将记入审计日志。",
        "min_length": "请填写理由（至少4个字），将记入审计日志。",
        "max_length": "理由不超过200个字。"})

    def error_text(self) -> str:
        return "；".join(e for errors in self.errors.values() for e in errors)


def keep_phone_masked(form, field: str, stored: str) -> None:
    """An edit form's phone field shows the number on file masked (138****5678), never whole: the
    whole number is seen only through the logged, limited 显示完整信息. Posted back unchanged, the
    masked text keeps the stored number; anything else is the new number, checked as usual."""
    if not stored:
        return
    masked = mask_phone(stored)
    form.initial[field] = masked
    form.fields[field].help_text = "显示为脱敏号码；不修改则保留原号码。"
    clean = getattr(form, f"clean_{field}", None)

    def clean_field():
        value = form.cleaned_data.get(field, "")
        if value == masked:
            return stored
        return clean() if clean else value

    setattr(form, f"clean_{field}", clean_field)


class IdNumberField(forms.CharField):
    """An ID number or credit code as people type or paste it: full-width digits and spaces inside
    are folded away (``identity.compact``) before the length is checked, so the form takes what the
    imports take; the box itself lets a spaced-out number be pasted whole."""

    PASTE_ROOM = 30

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return identity.compact(super().to_python(value)).upper()

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.PASTE_ROOM)}


class IdSearchForm(forms.Form):
    """A whole ID number, looked up by POST through the blind index (lib/pii.py), never in a URL."""

    id_number = IdNumberField(label="按完整身份证号码查找")


#: the audit log's groups of actions, named by the first part of their codes
AUDIT_GROUPS = {"auth": "登录", "access": "访问控制", "account": "账号", "org": "组织", "filing": "备案表",
                "member": "会员", "volunteer": "志愿者", "pii": "个人信息"}


def _audit_action_choices():
    from lib.audit import ACTION_LABELS

    groups: dict[str, list] = {}
    for code, label in ACTION_LABELS.items():
        groups.setdefault(code.split(".")[0], []).append((code, label))
    choices = [("", "全部")]
    for prefix, actions in groups.items():
        name = AUDIT_GROUPS.get(prefix, "其他")
        choices.append((name, [(f"{prefix}.", f"全部{name}操作"), *actions]))
    return choices


class AuditFilterForm(forms.Form):
    """The audit log's filter bar: an action (or a whole group of them) by its Chinese name, a login
    name, a date range."""

    action = forms.ChoiceField(label="操作", required=False, choices=_audit_action_choices, widget=QuickSelect)
    username = forms.CharField(label="登录名", required=False, max_length=150)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filter(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if action := data["action"]:
            events = events.filter(action__startswith=action) if action.endswith(".") else events.filter(action=action)
        if data["username"]:
            events = events.filter(username=data["username"].strip())
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
        return events


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Current password first (re-authentication, ASVS 7.2.4 / checklist row 9), then the new one
    twice, checked by ``AUTH_PASSWORD_VALIDATORS``; it may not be the current one again."""

    def clean(self):
        data = super().clean()
        new = data.get("new_password1")
        if new and self.user.check_password(new) and "new_password2" not in self.errors:
            self.add_error("new_password2", "新密码不能与当前密码相同。")
        return data
