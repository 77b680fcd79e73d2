"""A campaign a Red Cross body runs over its subtree, and its dated stages (seed 000 四、实施步骤)."""

from django.db import models
from django.utils import timezone

from orgs.models import Category, Level, Organization
from orgs.querysets import ScopedQuerySet


class Milestone(models.TextChoices):
    """The stock milestones; each is derived from what the unit itself keeps (campaigns.progress)."""

    CANDIDATES = "candidates", "推荐人选"
    ELECTED = "elected", "召开会员代表大会并选举会长、副会长、秘书长"
    FILED = "filed", "备案表已备案"
    PAPER_COPY = "paper_copy", "纸质备案表已报区红十字会"
    RULES = "rules", "工作计划和工作制度已上传"
    STAFF = "staff", "确定 1–2 名专职工作人员"


#: the levels that take part by default (seed 000: 各镇（街道）、区级各部门)
DEFAULT_LEVELS = [Level.TOWN.value, Level.DEPARTMENT.value]


class Campaign(models.Model):
    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="campaigns",
                            verbose_name="发起单位")
    name = models.CharField("名称", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    levels = models.JSONField("参加层级", default=list)
    categories = models.JSONField("参加类别", default=list, blank=True, help_text="不选即全部类别")
    deduct_per_stage = models.PositiveSmallIntegerField("每个超期阶段扣分", default=5)
    deduct_per_week = models.PositiveSmallIntegerField("每超期一周扣分", default=1,
                                                       help_text="不足一周按一周计")
    created_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name="发起人")
    created_at = models.DateTimeField("发起时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督查工作"
        verbose_name_plural = "督查工作"
        ordering = ["-starts_on", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="campaign_ends_after_start")]

    def __str__(self) -> str:
        return self.name

    def level_labels(self) -> str:
        return "、".join(str(Level(v).label) for v in self.levels)

    def category_labels(self) -> str:
        return "、".join(str(Category(v).label) for v in self.categories) or "全部类别"

    def units(self):
        """The units that take part: in the owner's subtree, of its levels and categories, not dissolved."""
        qs = Organization.objects.filter(path__startswith=self.org.path, level__in=self.levels).exclude(
            status="dissolved")
        return qs.filter(category__in=self.categories) if self.categories else qs

    def includes(self, org: Organization) -> bool:
        return (org.is_within(self.org) and org.level in self.levels and not org.is_dissolved
                and (not self.categories or org.category in self.categories))


class Stage(models.Model):
    ORG_PATH = "campaign__org__path"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages", verbose_name="督查工作")
    name = models.CharField("阶段", max_length=50)
    due_on = models.DateField("完成期限")
    milestones = models.JSONField("检查事项", default=list)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "阶段"
        verbose_name_plural = "阶段"
        ordering = ["campaign", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.due_on:%Y-%m-%d}前）"

    def milestone_labels(self) -> list[str]:
        return [str(Milestone(m).label) for m in self.milestones]
