from django import forms
from django.core.exceptions import ValidationError

from notices.models import Kind
from orgs.models import Category, Level, Organization


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


#: the levels a body can address below it
TARGET_LEVELS = [(v, label) for v, label in Level.choices if v not in (Level.PROVINCE,)]


class PublishForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Kind.choices)
    title = forms.CharField(label="标题", max_length=100, required=False)
    body = forms.CharField(label="正文", max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 8}))
    levels = forms.MultipleChoiceField(label="按层级发送", choices=TARGET_LEVELS, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    categories = forms.MultipleChoiceField(label="按类别发送", choices=Category.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    org_names = forms.CharField(label="逐个选择单位", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="填写本辖区内单位的全称，每行一个。")
    files = MultipleFileField(label="附件", required=False,
                              help_text="PDF、Word（.docx）、Excel（.xlsx）、JPG 或 PNG，"
                                        "每个不超过 10 MB，最多 10 个。")
    reply_required = forms.BooleanField(label="要求报送回执", required=False)
    reply_deadline = forms.DateField(label="回执截止日期", required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    late_replies = forms.BooleanField(label="截止后仍接受回执", required=False)

    def __init__(self, *args, publisher: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.publisher = publisher

    def clean_org_names(self):
        names = [n.strip() for n in self.cleaned_data["org_names"].splitlines() if n.strip()]
        below = Organization.objects.filter(path__startswith=self.publisher.path, depth__gt=self.publisher.depth,
                                            name__in=names)
        found = {o.name: o for o in below}
        missing = [n for n in names if n not in found]
        if missing:
            raise ValidationError(f"本辖区内没有这些单位：{'、'.join(missing[:10])}")
        return list(found.values())


class ReplyForm(forms.Form):
    text = forms.CharField(label="回执内容", max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label="回执附件", required=False,
                           help_text="PDF、Word（.docx）、Excel（.xlsx）、JPG 或 PNG，不超过 10 MB。")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200)
