"""What the API hands out: organisations, statistics, filings' state. Nothing personal: no
person's name, ID number or phone is in any of these."""

from django.utils import timezone
from rest_framework import serializers

from filings.models import Filing
from orgs.models import Organization
from reports.report import DEFAULT_BASE_YEAR


class OrgSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField(help_text="上级组织编号（数据范围的顶层组织为空）")
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "parent", "depth", "level", "level_label", "category", "form", "status",
                  "status_label", "host_unit", "founded_on", "dissolved_on", "numchild"]

    def get_parent(self, org) -> int | None:
        return self.context.get("parents", {}).get(org.path[:-Organization.steplen])


class StatisticsQuery(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="统计截止日期（默认今天）",
                                  error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"})
    base_year = serializers.IntegerField(required=False, min_value=1990, default=DEFAULT_BASE_YEAR,
                                         help_text="对比基准年（增加数与该年 12 月 31 日相比）",
                                         error_messages={"invalid": "请输入年份数字。",
                                                         "min_value": "对比基准年不能早于 1990 年。",
                                                         "max_string_length": "年份数字过长。"})

    def validate(self, data):
        data.setdefault("as_of", timezone.localdate())
        if data["as_of"] > timezone.localdate():
            raise serializers.ValidationError({"as_of": "统计截止日期不能晚于今天。"})
        if data["base_year"] >= data["as_of"].year:
            raise serializers.ValidationError({"base_year": "对比基准年须早于统计截止日期所在年份。"})
        return data


class ItemSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="指标序号（1–14）")
    label = serializers.CharField(help_text="调查表指标名称")
    value = serializers.FloatField(allow_null=True, help_text="截至统计日期的数值")
    increase_label = serializers.CharField(help_text="成效统计表指标名称")
    increase = serializers.FloatField(allow_null=True, help_text="与基准年年末相比的增加数")


class StatisticsSerializer(serializers.Serializer):
    org = serializers.IntegerField()
    org_name = serializers.CharField()
    as_of = serializers.DateField()
    base_year = serializers.IntegerField()
    items = ItemSerializer(many=True)


class FilingSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    record_body = serializers.CharField(source="record_body.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Filing
        fields = ["id", "org", "org_name", "name", "category", "category_label", "status", "status_label",
                  "number", "submitted_at", "filed_at", "record_sealed_on", "record_body"]
