"""Forms of the relief pages: they parse, the services decide (and say no in Chinese)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from orgs.forms import org_choice_field
from relief.models import ADJUST_REASONS, UNITS, Donation, Item, MoveKind, Project, Transfer, UseKind, Warehouse
from relief.stock import fmt, item_named

YEAR_ERRORS = {"invalid": "请填写年份。", "min_value": "年份有误。", "max_value": "年份有误。"}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
IN_KINDS = [(k, MoveKind(k).label) for k in (MoveKind.PURCHASE_IN, MoveKind.ALLOCATION_IN, MoveKind.DONATION_IN)]
QTY = {"max_digits": 12, "decimal_places": 2, "label": "数量",
       "error_messages": {"invalid": "请填写数字。", "max_decimal_places": "数量最多保留两位小数。",
                          "required": "请填写数量。", "max_digits": "数量过大。", "max_whole_digits": "数量过大。"}}


def today():
    return timezone.localdate()


class ItemLine(forms.Form):
    """One item by name and unit (made in the catalogue on first use) and a quantity."""

    item_name = forms.CharField(label="物资名称", max_length=40)
    unit = forms.ChoiceField(label="计量单位", choices=[(u, u) for u in UNITS])
    quantity = forms.DecimalField(**QTY)

    def clean(self):
        data = super().clean()
        if data.get("item_name") and data.get("unit"):
            try:
                data["item"] = item_named(data["item_name"], data["unit"])
            except ValidationError as exc:
                self.add_error("unit", exc.message_dict["unit"])
        return data


class WarehouseForm(forms.Form):
    name = forms.CharField(label="仓库名称", max_length=60)
    address = forms.CharField(label="地址", max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "所属组织")
        self.order_fields(["org"])


class StockInForm(ItemLine):
    kind = forms.ChoiceField(label="入库类型", choices=IN_KINDS)
    on = forms.DateField(label="日期", widget=DATE, initial=today)
    expires_on = forms.DateField(label="有效期至", widget=DATE, required=False)
    counterpart = forms.CharField(label="来源", max_length=100, required=False)


class DistributeForm(forms.Form):
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    quantity = forms.DecimalField(**QTY)
    households = forms.IntegerField(label="受助户数", min_value=1, error_messages={
        "required": "请填写受助户数。", "min_value": "受助户数至少为 1。", "invalid": "请填写整数。"})
    on = forms.DateField(label="发放日期", widget=DATE, initial=today)
    counterpart = forms.CharField(label="发放地点/活动", max_length=100, required=False,
                                  help_text="如：博爱送万家·莲花社区；不填写受助人姓名。")

    def __init__(self, *args, warehouse: Warehouse, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.filter(moves__warehouse=warehouse).distinct()


class AdjustForm(DistributeForm):
    counted = forms.DecimalField(max_digits=12, decimal_places=2, label="实盘数量",
                                 error_messages={"invalid": "请填写数字。", "required": "请填写实盘数量。"})
    reason = forms.ChoiceField(label="调整原因", choices=list(ADJUST_REASONS.items()))
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("quantity", "households", "counterpart"):
            del self.fields[name]
        self.fields["on"].label = "盘点日期"


class MinimumForm(forms.Form):
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    minimum = forms.DecimalField(max_digits=12, decimal_places=2, label="最低库存", min_value=0, error_messages={
        "invalid": "请填写数字。", "min_value": "最低库存不能为负数。", "required": "请填写最低库存。"})

    def __init__(self, *args, warehouse: Warehouse, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.filter(moves__warehouse=warehouse).distinct()


class TransferForm(forms.Form):
    """调拨 from one of the user's warehouses to another below it (or a request upwards)."""

    other = forms.ModelChoiceField(label="调入仓库", queryset=Warehouse.objects.none())
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    quantity = forms.DecimalField(**QTY)
    purpose = forms.CharField(label="用途", max_length=100, required=False)

    def __init__(self, *args, warehouse: Warehouse, others, items, other_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = others
        self.fields["other"].label = other_label
        self.fields["item"].queryset = items


class ReceiveForm(forms.Form):
    """收货确认: one 实收/破损 pair per waybill line."""

    on = forms.DateField(label="收货日期", widget=DATE, initial=today)
    note = forms.CharField(label="收货说明", max_length=200, required=False, help_text="短少、破损请说明。")

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"received_{line.pk}"] = forms.DecimalField(
                label=f"{line.item.name} 实收（发运 {fmt(line.quantity)}{line.item.unit}）", initial=line.quantity,
                max_digits=12, decimal_places=2, min_value=0, error_messages={"invalid": "请填写数字。",
                                                                              "min_value": "不能为负数。"})
            self.fields[f"damaged_{line.pk}"] = forms.DecimalField(
                label=f"{line.item.name} 破损", initial=0, max_digits=12, decimal_places=2, min_value=0,
                error_messages={"invalid": "请填写数字。", "min_value": "不能为负数。"})

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"on": data["on"], "note": data["note"],
                "received": {ln.pk: data[f"received_{ln.pk}"] for ln in self.lines},
                "damaged": {ln.pk: data[f"damaged_{ln.pk}"] for ln in self.lines}}


class DonationForm(forms.Form):
    received_on = forms.DateField(label="接收日期", widget=DATE, initial=today)
    donor_kind = forms.ChoiceField(label="捐赠方类型", choices=Donation.DonorKind.choices)
    donor_name = forms.CharField(label="捐赠方名称", max_length=60)
    anonymous = forms.BooleanField(label="匿名（公示显示为“爱心人士”）", required=False)
    kind = forms.ChoiceField(label="捐赠形式", choices=Donation.Kind.choices)
    amount = forms.DecimalField(label="金额（元；物资填折价）", max_digits=14, decimal_places=2, initial=0,
                                error_messages={"invalid": "请填写数字。", "max_decimal_places": "金额最多两位小数。"})
    restricted = forms.BooleanField(label="定向捐赠", required=False)
    purpose = forms.CharField(label="捐赠意向", max_length=100, required=False)
    warehouse = forms.ModelChoiceField(label="入库仓库（物资捐赠）", queryset=Warehouse.objects.none(), required=False)
    item_name = forms.CharField(label="物资名称（物资捐赠）", max_length=40, required=False)
    unit = forms.ChoiceField(label="计量单位", choices=[("", "—")] + [(u, u) for u in UNITS], required=False)
    quantity = forms.DecimalField(label="数量", max_digits=12, decimal_places=2, required=False,
                                  error_messages={"invalid": "请填写数字。"})
    expires_on = forms.DateField(label="有效期至", widget=DATE, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "受赠单位")
        self.fields["org"].queryset = self.fields["org"].queryset.filter(level__in=("province", "city", "county"))
        self.fields["warehouse"].queryset = Warehouse.objects.visible_to(user).filter(org__level__in=(
            "province", "city", "county"))
        self.order_fields(["org"])

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        goods = []
        if data["kind"] == Donation.Kind.GOODS and data.get("item_name"):
            try:
                item = item_named(data["item_name"], data.get("unit") or "")
            except ValidationError as exc:
                raise ValidationError({"unit": exc.message_dict["unit"]}) from None
            goods = [(item, data.get("quantity") or 0, data.get("expires_on"))]
        for name in ("item_name", "unit", "quantity", "expires_on"):
            data.pop(name, None)
        return {**data, "goods": goods}


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废原因", max_length=200)


class UseForm(forms.Form):
    used_on = forms.DateField(label="使用日期", widget=DATE, initial=today)
    kind = forms.ChoiceField(label="去向类型", choices=UseKind.choices)
    destination = forms.CharField(label="去向", max_length=100,
                                  help_text="如：调拨莲花街道红十字会、博爱送万家·30户；不写受助人姓名。")
    amount = forms.DecimalField(label="金额（元）", max_digits=14, decimal_places=2, required=False,
                                error_messages={"invalid": "请填写数字。"})
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none(), required=False)
    quantity = forms.DecimalField(label="数量", max_digits=12, decimal_places=2, required=False,
                                  error_messages={"invalid": "请填写数字。"})
    transfer = forms.ModelChoiceField(label="调拨单（调拨下级时选择，公示页可追溯）", queryset=Transfer.objects.none(),
                                      required=False)

    def __init__(self, *args, donation: Donation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transfer"].queryset = Transfer.objects.filter(source__org=donation.org).exclude(
            status__in=("rejected", "cancelled"))
        if donation.kind == Donation.Kind.MONEY:
            del self.fields["item"], self.fields["quantity"]
        else:
            del self.fields["amount"]
            self.fields["item"].queryset = Item.objects.filter(moves__donation=donation).distinct()


class ReleaseForm(forms.Form):
    year = forms.IntegerField(label="年", min_value=2000, max_value=2100,
                              error_messages=YEAR_ERRORS)
    month = forms.IntegerField(label="月", min_value=1, max_value=12,
                               error_messages={"invalid": "请填写月份。", "min_value": "月份须在 1 到 12 之间。",
                                               "max_value": "月份须在 1 到 12 之间。"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "单位")
        self.fields["org"].queryset = self.fields["org"].queryset.filter(level__in=("province", "city", "county"))
        self.order_fields(["org"])



class FiguresForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False,
                              error_messages=YEAR_ERRORS)
    on = forms.DateField(label="截至日期", widget=DATE, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "单位")
        self.order_fields(["org"])


class ProjectForm(forms.Form):
    name = forms.CharField(label="项目名称", max_length=60)
    kind = forms.ChoiceField(label="项目类型", choices=Project.Kind.choices)
    community = forms.CharField(label="所在社区（村）", max_length=60)
    starts_on = forms.DateField(label="开始日期", widget=DATE, initial=today)
    ends_on = forms.DateField(label="结束日期", widget=DATE, required=False)
    budget = forms.DecimalField(label="预算（元）", max_digits=14, decimal_places=2, min_value=0, error_messages={
        "invalid": "请填写数字。", "min_value": "预算不能为负数。", "max_decimal_places": "金额最多两位小数。"})
    beneficiaries = forms.IntegerField(label="受益人数", min_value=0, required=False,
                                       error_messages={"invalid": "请填写整数。", "min_value": "不能为负数。"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "实施单位")
        self.order_fields(["org"])


MONEY = {"max_digits": 14, "decimal_places": 2, "label": "金额（元）",
         "error_messages": {"invalid": "请填写数字。", "max_decimal_places": "金额最多两位小数。",
                            "required": "请填写金额。"}}


class FundingForm(forms.Form):
    source = forms.CharField(label="资金来源", max_length=60)
    amount = forms.DecimalField(**MONEY)


class ExpenseForm(forms.Form):
    spent_on = forms.DateField(label="支出日期", widget=DATE, initial=today)
    amount = forms.DecimalField(**MONEY)
    note = forms.CharField(label="用途", max_length=100)


class DocumentForm(forms.Form):
    upload = forms.FileField(label="文件或照片（PDF、JPG、PNG，5 MB 以内）",
                             error_messages={"required": "请选择文件。", "empty": "文件为空。"})


class DistributionForm(forms.Form):
    occasion = forms.CharField(label="活动", max_length=60, initial="博爱送万家")
    held_on = forms.DateField(label="发放日期", widget=DATE, initial=today)
    households = forms.IntegerField(label="受助户数", min_value=1, error_messages={
        "required": "请填写受助户数。", "min_value": "受助户数至少为 1。", "invalid": "请填写整数。"})
    per_household = forms.CharField(label="每户所得", max_length=100,
                                    help_text="如：大米10千克、食用油1桶、慰问金300元")
    money = forms.DecimalField(**{**MONEY, "label": "发放资金合计（元）"}, required=False)
    handed_out_by = forms.CharField(label="发放人", max_length=60)
    project = forms.ModelChoiceField(label="所属项目", queryset=Project.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "发放单位")
        self.fields["project"].queryset = Project.objects.visible_to(user)
        self.order_fields(["org"])
