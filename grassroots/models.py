"""What an org does and has beside its people (DESIGN.md §2; seeds 000, 001, 002, 004): its
activities, whose counts feed seed 001's targets and the 五有 check, and the 五有/六有 facts no
other record holds (rules on file, a platform, funding). Rows sit at an org, scoped by ``ORG_PATH``.
Volunteers stand on this app (an activity's roster, hours served at one); it imports none of theirs."""

from django.db import models

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


class ActivityType(models.TextChoices):
    FIRST_AID_TRAINING = "first_aid_training", "应急救护培训"
    RESCUE = "rescue", "应急救援"
    HUMANITARIAN = "humanitarian", "人道救助"
    BLOOD = "blood", "无偿献血"
    STEM_CELL = "stem_cell", "造血干细胞捐献登记"
    ORGAN = "organ", "遗体和人体器官捐献登记"
    BOAI_HOME = "boai_home", "博爱家园"
    BOAI_FAMILIES = "boai_families", "博爱送万家"
    PUBLICITY = "publicity", "宣传"
    OTHER = "other", "其他"


class Activity(models.Model):
    """An activity of an org; its counts feed seed 001's targets and the 五有 check."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="activities",
                            verbose_name="组织")
    title = models.CharField("活动名称", max_length=100)
    type = models.CharField("活动类型", max_length=32, choices=ActivityType.choices)
    held_on = models.DateField("活动日期")
    place = models.CharField("地点", max_length=200, blank=True)
    participants = models.PositiveIntegerField("参与人数", default=0)
    people_trained = models.PositiveIntegerField("普及人数", default=0)
    certified_first_aiders = models.PositiveIntegerField("取证救护员人数", default=0)
    donor_registrations = models.PositiveIntegerField("捐献登记人数", default=0)
    roster = models.ManyToManyField("volunteers.Volunteer", blank=True, related_name="activities",
                                    verbose_name="参与志愿者", db_table="volunteers_activity_roster")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "volunteers_activity"  # the table it has always had: the model moved, no data did
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["type", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class OrgProfile(models.Model):
    """The 五有/六有 facts not held elsewhere yet: rules on file, a platform, funding."""

    ORG_PATH = "org__path"

    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="volunteer_profile",
                               verbose_name="组织")
    rules_on_file = models.BooleanField("有工作制度", default=False)
    platform = models.CharField("工作阵地（场所）", max_length=200, blank=True)
    annual_funding = models.DecimalField("年度工作经费（元）", max_digits=12, decimal_places=2, null=True,
                                         blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "volunteers_orgprofile"  # the table it has always had: the model moved, no data did
        verbose_name = "基层组织建设情况"
        verbose_name_plural = "基层组织建设情况"

    def __str__(self) -> str:
        return str(self.org)
