from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from filings.limits import FIELD_LIMITS, PARAGRAPH_LIMITS, REVIEW_LIMITS
from filings.models import FORM_FIELDS, PHONE_FIELDS, AttachmentKind, Filing, Status
from lib.identity import mask_phone, validate_phone
from lib.widgets import QuickSelect

DATE_FIELDS = ("founded_on", "host_profile_sealed_on", "party_opinion_sealed_on")


class PlainTextField(forms.CharField):
    """A textarea's text with one kind of line break: browsers send CR LF, and a line break must
    count once against the limit, as the counter under the box counts it."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class FilingForm(forms.ModelForm):
    class Meta:
        model = Filing
        fields = list(FORM_FIELDS)
        field_classes = {"host_profile": PlainTextField, "party_opinion": PlainTextField}
        widgets = {
            **{f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for f in DATE_FIELDS},
            "category": forms.RadioSelect,
            "host_profile": forms.Textarea(attrs={"rows": 6}),
            "party_opinion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, comments: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [c for c in self.fields["category"].choices if c[0]]
        for name, text in (comments or {}).items():
            if name in self.fields:
                self.fields[name].help_text = f"审核意见：{text}"
        for name in PHONE_FIELDS:
            self.fields[name].widget.attrs["inputmode"] = "tel"
            self.fields[name].help_text = self.fields[name].help_text or "手机或带区号的固定电话，如 028-26543210"
        for name in ("headcount", "member_count"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = 0
        for name, limit in FIELD_LIMITS.items():  # enforced by the model's validators; shown here
            self.fields[name].widget.attrs["maxlength"] = limit
        for name, paragraphs in PARAGRAPH_LIMITS.items():
            self.fields[name].help_text = (self.fields[name].help_text or
                                           f"最多 {FIELD_LIMITS[name]} 字、{paragraphs} 段；超出表格的部分印在附页上。")

    def read_only(self, *, masked: bool) -> None:
        """Shown, not edited; to someone who may not edit it, with the phones masked."""
        for name, field in self.fields.items():
            field.disabled = True
            if masked and name in PHONE_FIELDS:
                self.initial[name] = mask_phone(self.initial.get(name) or "")

    def clean(self):
        data = super().clean()
        for name in PHONE_FIELDS:
            if data.get(name):
                try:
                    data[name] = validate_phone(data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        today = timezone.localdate()
        for name in DATE_FIELDS:
            if data.get(name) and data[name] > today:
                self.add_error(name, "日期不能晚于今天。")
        for name in ("headcount", "member_count"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, "人数不能为负数。")
        head, members = data.get("headcount"), data.get("member_count")
        if head is not None and members is not None and members > head:
            self.add_error("member_count", "会员人数不能超过所辖人数。")
        return data


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="附件类别", choices=AttachmentKind.choices)
    file = forms.FileField(label="文件（PDF、JPG、PNG，不超过 5 MB）")


class ReviewForm(forms.Form):
    comment = PlainTextField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=REVIEW_LIMITS["comment"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FORM_FIELDS:
            label = Filing._meta.get_field(name).verbose_name
            self.fields[f"fc_{name}"] = forms.CharField(label=f"对“{label}”的意见", required=False,
                                                        max_length=REVIEW_LIMITS["field_comment"])

    def field_comments(self) -> dict:
        return {n[3:]: v for n, v in self.cleaned_data.items() if n.startswith("fc_") and v}


class ApproveForm(ReviewForm):
    """Approving prints the comment in the 备案情况 cell, which holds less."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = REVIEW_LIMITS["approval_comment"]
        self.fields["comment"].max_length = limit
        self.fields["comment"].validators = [MaxLengthValidator(
            limit, message=f"同意备案时的意见写入备案表“备案情况”栏，最多 {limit} 字。")]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + list(Status.choices),
                               widget=QuickSelect(attrs={"class": "form-select form-select-sm"}))
    category = forms.ChoiceField(
        label="类别",
        required=False,
        choices=[("", "全部")] + list(Filing._meta.get_field("category").choices),
        widget=QuickSelect(attrs={"class": "form-select form-select-sm"}),
    )
    town = forms.IntegerField(label="镇（街道）/部门", required=False,
                              widget=QuickSelect(attrs={"class": "form-select form-select-sm"}))
    overdue = forms.BooleanField(label="只看超期未审", required=False,
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class SealForm(forms.Form):
    image = forms.FileField(label="电子印章图片（PNG，透明背景）")
