"""Volunteers, service teams, activities, service hours, star ratings and first-aid certificates
(DESIGN.md §2, seeds 001/002). Every row sits at an org and is scoped by ``ORG_PATH``.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from grassroots.models import Activity, ActivityType
from lib.validators import NotInFuture
from orgs.models import Organization
from orgs.querysets import ScopedQuerySet
from people.models import Gender, Person
from volunteers.querysets import (
    FirstAidCertificateQuerySet,
    ServiceRecordQuerySet,
    ServiceTeamQuerySet,
    VolunteerQuerySet,
    VolunteerSpellQuerySet,
)

# kept importable from here for the modules that read them with the volunteers' models
__all__ = ["Activity", "ActivityType", "Gender"]


class VolunteerStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    INACTIVE = "inactive", "退出"


class Volunteer(Person):
    ORG_PATH = "org__path"
    #: a volunteer account sees exactly the rows reached by this lookup (see ``orgs.scoping.scope``)
    SELF_LOOKUP = "user"

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)  # required of volunteers
    skills = models.CharField("技能特长", max_length=200, blank=True)
    registered_on = models.DateField("注册日期", validators=[NotInFuture("注册日期")])
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="volunteers",
                            verbose_name="管理组织")
    status = models.CharField("状态", max_length=16, choices=VolunteerStatus.choices,
                              default=VolunteerStatus.ACTIVE)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="volunteer", verbose_name="志愿者账号")
    #: the same person as a member: linked by the ID blind index, or by staff
    member = models.OneToOneField("members.Member", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="volunteer", verbose_name="对应会员")

    objects = VolunteerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=Person.UNHISTORIED)

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        ordering = ["org", "name", "pk"]
        indexes = [models.Index(fields=["status", "registered_on"]),
                   # registered volunteers of a subtree, org by org (bench/EXPLAIN.md)
                   models.Index(fields=["org", "registered_on"], include=["status", "id"],
                                name="volunteer_org_registered")]

    def __str__(self) -> str:
        return self.name



class Specialty(models.TextChoices):
    RESCUE = "rescue", "应急救援"
    FIRST_AID = "first_aid", "应急救护"
    HUMANITARIAN = "humanitarian", "人道救助"
    COMMUNITY = "community", "社区服务"
    ELDERLY = "elderly", "养老服务"
    BLOOD = "blood", "无偿献血"
    STEM_CELL = "stem_cell", "造血干细胞捐献"
    ORGAN = "organ", "遗体和人体器官捐献宣传动员"


class VolunteerSpell(models.Model):
    """One stretch on the register (在册) at one managing org: registration or the day a volunteer
    came back opens one; a move, a restructuring or 退出 closes it (``end`` exclusive) and a move
    opens the next. Statistics count the volunteers of a date from these (item 12), so a moved or
    departed volunteer still counts where they were on the dates they were there."""

    ORG_PATH = "org__path"

    volunteer = models.ForeignKey(Volunteer, models.CASCADE, related_name="spells", verbose_name="志愿者")
    org = models.ForeignKey(Organization, models.PROTECT, related_name="volunteer_spells", verbose_name="管理组织")
    start = models.DateField("开始")
    end = models.DateField("结束", null=True, blank=True)  # exclusive: not on the register there on ``end``

    objects = VolunteerSpellQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿者在册记录"
        verbose_name_plural = "志愿者在册记录"
        ordering = ["start", "pk"]
        constraints = [models.UniqueConstraint(fields=["volunteer"], condition=models.Q(end__isnull=True),
                                               name="volunteer_one_open_spell")]
        # a subtree's volunteers on a date, org by org, without the table (bench/EXPLAIN.md)
        indexes = [models.Index(fields=["org", "start"], include=["end", "id"], name="volunteer_spell_org_start")]

    def __str__(self):
        return f"{self.volunteer_id}@{self.org_id} {self.start}–{self.end or ''}"


class ServiceTeam(models.Model):
    ORG_PATH = "org__path"

    name = models.CharField("队伍名称", max_length=100)
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="service_teams",
                            verbose_name="所属组织")
    specialty = models.CharField("专业类别", max_length=16, choices=Specialty.choices)
    founded_on = models.DateField("成立日期", validators=[NotInFuture("成立日期")])
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)

    objects = ServiceTeamQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"
        ordering = ["org", "name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    ORG_PATH = "team__org__path"

    team = models.ForeignKey(ServiceTeam, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name="服务队")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="memberships",
                                  verbose_name="志愿者")
    joined_on = models.DateField("加入日期", validators=[NotInFuture("加入日期")])
    left_on = models.DateField("退出日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务队成员"
        verbose_name_plural = "服务队成员"
        constraints = [models.CheckConstraint(
            condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
            name="team_membership_left_after_joined")]

    def __str__(self) -> str:
        return f"{self.team} {self.volunteer}"


class RecordStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已退回"


#: no volunteer serves more than this many hours on one day, across all their records
MAX_HOURS_PER_DAY = 24


class ServiceRecord(models.Model):
    """Hours served. Only ``approved`` rows count in any total.

    Who sees and decides a record follows the volunteer (``ORG_PATH``: the volunteer's org now);
    where its hours count in totals and statistics is ``credited_org``, the org that managed the
    volunteer when the hours were entered: a volunteer handed to another org takes no hours along."""

    ORG_PATH = "volunteer__org__path"
    SELF_LOOKUP = "volunteer__user"

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="records",
                                  verbose_name="志愿者")
    credited_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="credited_records",
                                     verbose_name="计入组织（登记时的管理组织）", editable=False,
                                     db_index=False)  # record_credited_org_covering leads with it
    served_on = models.DateField("服务日期", validators=[NotInFuture("服务日期")])
    # quarter hours are common (1.25): two decimals, summed as Decimal everywhere
    hours = models.DecimalField("服务时长（小时）", max_digits=4, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_HOURS_PER_DAY)])
    activity = models.ForeignKey("grassroots.Activity", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="records", verbose_name="活动")
    team = models.ForeignKey(ServiceTeam, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="records", verbose_name="服务队")
    status = models.CharField("状态", max_length=16, choices=RecordStatus.choices,
                              default=RecordStatus.PENDING)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name="录入人")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="审核人")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ServiceRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "服务记录"
        verbose_name_plural = "服务记录"
        ordering = ["-served_on", "-pk"]
        indexes = [models.Index(fields=["status", "served_on"]),
                   # a volunteer's hours (the list's 服务时长) without visiting the table
                   models.Index(fields=["volunteer", "served_on"], include=["status", "hours", "team"],
                                name="record_volunteer_covering"),
                   # hours of a subtree without visiting the table (statistics; bench/EXPLAIN.md)
                   models.Index(fields=["credited_org", "served_on"], include=["status", "hours", "team"],
                                name="record_credited_org_covering")]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0) & models.Q(hours__lte=24),
                                              name="service_record_hours_range")]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.served_on} {self.hours}小时"

    @property
    def org(self) -> Organization:
        """Where the row sits in the tree (for ``orgs.scoping.org_of``): the volunteer's org."""
        return self.volunteer.org

    @property
    def approving_org(self) -> Organization:
        """Whose staff approve: the team's org, else the activity's, else the volunteer's."""
        if self.team_id:
            return self.team.org
        if self.activity_id:
            return self.activity.org
        return self.volunteer.org


#: suggested star thresholds by approved hours (seed 002; shown to the awarding body, never applied)
STAR_THRESHOLDS = {1: 100, 2: 300, 3: 600, 4: 1000, 5: 1500}
NOTICE_DAYS = 7


class StarAward(models.Model):
    ORG_PATH = "volunteer__org__path"
    SELF_LOOKUP = "volunteer__user"

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="star_awards",
                                  verbose_name="志愿者")
    stars = models.PositiveSmallIntegerField("星级", validators=[MinValueValidator(1), MaxValueValidator(5)])
    awarded_on = models.DateField("评定日期")
    reason = models.CharField("评定理由", max_length=200)
    awarded_by_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                       verbose_name="评定机构")
    notice_days = models.PositiveSmallIntegerField("公示天数", default=NOTICE_DAYS)
    withdrawn = models.BooleanField("已撤回", default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                           verbose_name="评定人")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "星级评定"
        verbose_name_plural = "星级评定"
        ordering = ["-awarded_on", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5),
                                              name="star_award_stars_range")]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.stars}星"

    @property
    def org(self) -> Organization:
        """Where the row sits in the tree (for ``orgs.scoping.org_of``): the volunteer's org."""
        return self.volunteer.org

    @property
    def effective_on(self) -> date:
        return self.awarded_on + timedelta(days=self.notice_days)

    def is_effective(self, on: date) -> bool:
        return not self.withdrawn and self.effective_on <= on


#: a 救护员证 is valid three years
CERTIFICATE_YEARS = 3


class FirstAidCertificate(models.Model):
    ORG_PATH = "volunteer__org__path"
    SELF_LOOKUP = "volunteer__user"

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="certificates",
                                  verbose_name="志愿者")
    number = models.CharField("证书编号", max_length=50, unique=True)
    issued_on = models.DateField("发证日期", validators=[NotInFuture("发证日期")])
    expires_on = models.DateField("有效期至")
    issuing_body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="发证机构")

    objects = FirstAidCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = "救护员证"
        verbose_name_plural = "救护员证"
        ordering = ["expires_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(expires_on__gt=models.F("issued_on")),
                                              name="certificate_expires_after_issue")]

    def __str__(self) -> str:
        return self.number

    @property
    def org(self) -> Organization:
        """Where the row sits in the tree (for ``orgs.scoping.org_of``): the volunteer's org."""
        return self.volunteer.org
