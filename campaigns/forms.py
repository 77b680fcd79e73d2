from django import forms
from django.utils import timezone

from campaigns.models import DocumentKind, Milestone
from campaigns.progress import STATE_LABELS
from campaigns.services import LEADER_ROLES, seed_stages
from orgs.models import Category, Level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAGE_ROWS = 6
PART_LEVELS = [(v, Level(v).label) for v in (Level.TOWN, Level.DEPARTMENT, Level.VILLAGE, Level.UNIT)]


class CampaignForm(forms.Form):
    """A campaign and up to six stages; the stage rows start from seed 000's four for this year."""

    name = forms.CharField(label="名称", max_length=100)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    levels = forms.MultipleChoiceField(label="参加层级", choices=PART_LEVELS, widget=forms.CheckboxSelectMultiple)
    categories = forms.MultipleChoiceField(label="参加类别", choices=Category.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple, help_text="不选即全部类别")
    deduct_per_stage = forms.IntegerField(label="每个超期阶段扣分", min_value=0, max_value=100, initial=5)
    deduct_per_week = forms.IntegerField(label="每超期一周扣分（不足一周按一周计）", min_value=0, max_value=100,
                                         initial=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        seeded = seed_stages(year)
        self.initial.setdefault("name", f"{year}年红十字会基层组织建设")
        self.initial.setdefault("starts_on", f"{year}-09-01")
        self.initial.setdefault("ends_on", f"{year}-12-31")
        self.initial.setdefault("levels", [Level.TOWN, Level.DEPARTMENT])
        for i in range(STAGE_ROWS):
            seed = seeded[i] if i < len(seeded) else None
            self.fields[f"stage_{i}_name"] = forms.CharField(label=f"第 {i + 1} 阶段", max_length=50, required=False,
                                                             initial=seed and seed["name"])
            self.fields[f"stage_{i}_due_on"] = forms.DateField(label="完成期限", required=False, widget=DATE,
                                                               initial=seed and seed["due_on"].isoformat())
            self.fields[f"stage_{i}_milestones"] = forms.MultipleChoiceField(
                label="检查事项", choices=Milestone.choices, required=False, widget=forms.CheckboxSelectMultiple,
                initial=seed and [str(m) for m in seed["milestones"]])

    def stage_rows(self):
        return [(self[f"stage_{i}_name"], self[f"stage_{i}_due_on"], self[f"stage_{i}_milestones"])
                for i in range(STAGE_ROWS)]

    def clean(self):
        data = super().clean()
        stages = []
        for i in range(STAGE_ROWS):
            name = data.get(f"stage_{i}_name")
            if not name:
                continue
            if not data.get(f"stage_{i}_due_on"):
                self.add_error(f"stage_{i}_due_on", "请填写该阶段的完成期限。")
                continue
            stages.append((i, {"name": name, "due_on": data[f"stage_{i}_due_on"],
                               "milestones": data.get(f"stage_{i}_milestones") or []}))
        data["stage_index"] = [i for i, _ in stages]
        data["stages"] = [s for _, s in stages]
        return data

    def service_args(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("name", "starts_on", "ends_on", "levels", "categories", "deduct_per_stage",
                                  "deduct_per_week", "stages")}


class BoardFilter(forms.Form):
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部")] + Category.choices)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + list(STATE_LABELS.items()))
    as_of = forms.DateField(label="截至日期", required=False, widget=DATE)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="文件类别", choices=DocumentKind.choices)
    upload = forms.FileField(label="文件（PDF、JPG 或 PNG，不超过 5 MB）")


class LeaderForm(forms.Form):
    role = forms.ChoiceField(label="职务", choices=[(r.value, r.label) for r in LEADER_ROLES])
    person_name = forms.CharField(label="姓名", max_length=15)
    post = forms.CharField(label="本职工作", max_length=100, required=False)
    starts_on = forms.DateField(label="任职开始", widget=DATE)
    ends_on = forms.DateField(label="任职结束", widget=DATE, required=False, help_text="五年一届，可留空")
    document = forms.FileField(label="选举结果（正式文件，PDF、JPG 或 PNG）", required=False,
                               help_text="已上传过的可不再上传")


class StaffForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=15)
    post = forms.CharField(label="职务", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=20)
    starts_on = forms.DateField(label="开始日期", widget=DATE)


class StaffEndForm(forms.Form):
    ends_on = forms.DateField(label="离任日期", widget=DATE)


class PaperCopyForm(forms.Form):
    received_on = forms.DateField(label="收到纸质备案表日期", widget=DATE)

