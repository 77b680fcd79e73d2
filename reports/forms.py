from datetime import date

from django import forms
from django.utils import timezone

from orgs.forms import org_choice_field
from reports.report import DEFAULT_BASE_YEAR


class StatisticsForm(forms.Form):
    as_of = forms.DateField(label="统计截止日期",
                            widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    base_year = forms.IntegerField(label="对比基准年", min_value=1990, initial=DEFAULT_BASE_YEAR,
                                   widget=forms.NumberInput(attrs={"class": "form-control"}))

    def __init__(self, data=None, *, user):
        super().__init__(data)
        org = org_choice_field(user, "统计范围")
        org.widget.attrs["class"] = "form-select"
        self.fields = {"org": org, **self.fields}

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError("统计截止日期不能晚于今天。")
        return as_of

    def clean(self):
        data = super().clean()
        if data.get("as_of") and data.get("base_year") and data["base_year"] >= data["as_of"].year:
            self.add_error("base_year", "对比基准年须早于统计截止日期所在年份。")
        return data

    @classmethod
    def from_request(cls, request):
        params = request.GET.copy()
        params.setdefault("org", str(request.user.org_id or ""))
        params.setdefault("as_of", timezone.localdate().isoformat())
        params.setdefault("base_year", str(DEFAULT_BASE_YEAR))
        return cls(params, user=request.user)


class YearEndForm(forms.Form):
    year = forms.IntegerField(label="报送年度", min_value=2000,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    base_year = forms.IntegerField(label="对比基准年", min_value=1990, initial=DEFAULT_BASE_YEAR,
                                   widget=forms.NumberInput(attrs={"class": "form-control"}))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > date.today().year:
            raise forms.ValidationError("不能报送未来年度。")
        return year
