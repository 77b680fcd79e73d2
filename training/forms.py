"""Forms of the training pages: they parse, the services decide (and say no in Chinese)."""

from django import forms

from orgs.forms import org_choice_field
from training.models import ClassKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClassForm(forms.Form):
    title = forms.CharField(label="培训班名称", max_length=100)
    kind = forms.ChoiceField(label="培训类别", choices=ClassKind.choices)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    hours = forms.IntegerField(label="学时", min_value=1, max_value=500)
    venue = forms.CharField(label="培训地点", max_length=200)
    trainers = forms.CharField(label="授课教师", max_length=200, required=False)
    pass_mark = forms.IntegerField(label="考核合格分", min_value=0, max_value=100, initial=80)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "举办组织")
        self.order_fields(["org"])


class TraineeForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=18)
    phone = forms.CharField(label="手机号码", max_length=11, required=False)
    work_unit = forms.CharField(label="工作单位", max_length=100, required=False)


class RosterUploadForm(forms.Form):
    file = forms.FileField(label="学员名册（.xlsx）")
