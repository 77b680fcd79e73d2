"""Targets (seed 001) and year-end statistics reports to the body above (seed 002)."""

from django.conf import settings
from django.db import models

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


class Metric(models.TextChoices):
    """The five-year targets of seed 001 (雁江区红十字事业发展规划 2021—2025)."""

    CERTIFIED_FIRST_AIDERS = "certified_first_aiders", "持证救护员"
    PEOPLE_TRAINED = "people_trained", "应急救护普及培训人数"
    STEM_CELL_SAMPLES = "stem_cell_samples", "造血干细胞入库"
    ORGAN_DONATION_REGISTRATIONS = "organ_donation_registrations", "遗体和人体器官捐献登记"
    RESCUE_TEAMS = "rescue_teams", "应急救援队"


class Target(models.Model):
    """A body's target for one metric over a period: data, not constants in code."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="targets",
                            verbose_name="红十字会")
    metric = models.CharField("指标", max_length=40, choices=Metric.choices)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    value = models.PositiveIntegerField("目标值")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "发展目标"
        verbose_name_plural = "发展目标"
        ordering = ["org", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["org", "metric", "starts_on"], name="one_target_per_metric_period"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")),
                                   name="target_period_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.get_metric_display()} {self.value}"


class YearEndReport(models.Model):
    """A body's snapshot of its statistics for a year, submitted to the body above (seed 002:
    各级红十字会在年底前要将……统计表报送上级红十字会)."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="year_end_reports",
                            verbose_name="报送单位")
    year = models.PositiveSmallIntegerField("年度")
    as_of = models.DateField("统计截止日期")
    base_year = models.PositiveSmallIntegerField("对比基准年")
    figures = models.JSONField("统计数据")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="报送人")
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度统计报送"
        verbose_name_plural = "年度统计报送"
        ordering = ["-year", "org"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="one_year_end_report_per_year")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年度统计"
