"""The Red Cross tree and the accounts that sit in it (DESIGN.md §2).

The tree is a materialized path (django-treebeard ``MP_Node``): "everything under X" is one
indexed ``path LIKE 'X%'`` query at any depth, which is what scoping and statistics rely on.
"""

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from lib.dated import holds_on
from orgs.querysets import ScopedQuerySet


class OrganizationQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    def existing_on(self, on: date):
        """Founded by ``on`` (bodies without a founding date count from the start), not dissolved by then."""
        return self.filter(holds_on(on, "founded_on", "dissolved_on", open_start=True))

    def not_dissolved_on(self, on: date):
        return self.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))


class OrganizationManager(MP_NodeManager):
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user):
        return self.get_queryset().visible_to(user)


class Level(models.TextChoices):
    PROVINCE = "province", "省级红十字会"
    CITY = "city", "市级红十字会"
    COUNTY = "county", "县级红十字会（区、县）"
    TOWN = "town", "镇（街道）"
    DEPARTMENT = "department", "区级部门"
    VILLAGE = "village", "村（社区）"
    UNIT = "unit", "基层单位（学校、医院、企业等）"


#: Levels that are Red Cross *bodies* (县级以上红十字会): they review filings and report statistics.
BODY_LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY)
#: Levels that hold grassroots organisations (基层组织), which file the 备案表.
GRASSROOTS_LEVELS = (Level.TOWN, Level.DEPARTMENT, Level.VILLAGE, Level.UNIT)


class Category(models.TextChoices):
    """基层组织类别 — exactly the eight boxes of the 备案表 (seed 000, 附件1), in its order."""

    TOWN = "town", "镇（街道）"
    ORGAN = "organ", "机关"
    COMMUNITY = "community", "城乡社区"
    VILLAGE = "village", "村"
    MEDICAL = "medical", "医疗机构"
    ENTERPRISE = "enterprise", "企业"
    INSTITUTION = "institution", "事业单位"
    SCHOOL = "school", "学校"


class Form(models.TextChoices):
    """Seed 003: 20 or more adult members found a 红十字会; fewer form a 红十字小组."""

    SOCIETY = "society", "红十字会"
    GROUP = "group", "红十字小组"


class OrgStatus(models.TextChoices):
    PLANNED = "planned", "筹建"
    FILED = "filed", "已备案"
    DISSOLVED = "dissolved", "撤销"


class Organization(MP_Node):
    """One node of the tree: a Red Cross body (province/city/county) or a grassroots org."""

    ORG_PATH = "path"  # how scoping reaches this model's place in the tree
    steplen = 4  # up to 36^4 children per node: room for a whole country at every level

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    category = models.CharField("基层组织类别", max_length=16, choices=Category.choices, blank=True)
    form = models.CharField("组织形式", max_length=16, choices=Form.choices, default=Form.SOCIETY)
    host_unit = models.CharField("基层组织所在单位", max_length=100, blank=True)
    address = models.CharField("单位地址", max_length=200, blank=True)
    unit_head = models.CharField("单位负责人", max_length=50, blank=True)
    headcount = models.PositiveIntegerField("所辖人数", null=True, blank=True)
    resident_population = models.PositiveIntegerField("常住人口", null=True, blank=True)
    villages_total = models.PositiveIntegerField(
        "下辖村（社区）总数", null=True, blank=True,
        help_text="镇（街道）填写：用于计算村（社区）红十字组织覆盖率；未填时按已登记的村（社区）组织计。")
    status = models.CharField("状态", max_length=16, choices=OrgStatus.choices, default=OrgStatus.PLANNED)
    founded_on = models.DateField("基层组织成立时间", null=True, blank=True)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    node_order_by = ["name"]
    objects = OrganizationManager()
    # Field-level history of every change (who, when, old → new); tree moves are in OrgChange.
    history = HistoricalRecords(excluded_fields=["numchild"])

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        indexes = [models.Index(fields=["level", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_body(self) -> bool:
        return self.level in BODY_LEVELS

    @property
    def is_grassroots(self) -> bool:
        return self.level in GRASSROOTS_LEVELS

    @property
    def is_dissolved(self) -> bool:
        return self.status == OrgStatus.DISSOLVED

    def reviewing_body(self) -> "Organization | None":
        """The nearest 县级以上红十字会 at or above this org: who reviews its filing."""
        if self.is_body:
            return self
        return Organization.objects.get_ancestors(self).filter(level__in=BODY_LEVELS).last()

    def is_within(self, other: "Organization") -> bool:
        """True when this org is ``other`` or lies below it."""
        return self.path.startswith(other.path)


class LeadershipRole(models.TextChoices):
    PRESIDENT = "president", "会长"
    EXEC_VICE_PRESIDENT = "exec_vice_president", "常务副会长"
    VICE_PRESIDENT = "vice_president", "副会长"
    VICE_PRESIDENT_SECRETARY = "vice_president_secretary", "副会长兼秘书长"
    SECRETARY_GENERAL = "secretary_general", "秘书长"
    SUPERVISOR = "supervisor", "监事"


class LeadershipTerm(models.Model):
    """Who held a leadership post of an org, from when to when (seed 000 三、机构设置)."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="leadership_terms",
                            verbose_name="组织")
    role = models.CharField("职务", max_length=32, choices=LeadershipRole.choices)
    person_name = models.CharField("姓名", max_length=50)
    post = models.CharField("本职工作", max_length=100, blank=True, help_text="例如：分管文卫工作的班子成员")
    starts_on = models.DateField("任职开始")
    ends_on = models.DateField("任职结束", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "领导任职"
        verbose_name_plural = "领导任职"
        ordering = ["org", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="leadership_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.get_role_display()} {self.person_name}"

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class GovernanceKind(models.TextChoices):
    """The governance facts of city/county bodies that seed 002 附件1 counts."""

    MANAGEMENT_RATIONALISED = "management_rationalised", "理顺管理体制"
    PARTY_GROUP = "party_group", "设立党组"
    SUPERVISORY_BOARD = "supervisory_board", "设立监事会"
    GENERAL_ELECTION = "general_election", "换届"


#: A Red Cross council's term is five years; a body is due for 换届 five years after the last one.
TERM_YEARS = 5


class GovernanceEvent(models.Model):
    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="governance_events",
                            verbose_name="红十字会")
    kind = models.CharField("事项", max_length=32, choices=GovernanceKind.choices)
    occurred_on = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "治理事项"
        verbose_name_plural = "治理事项"
        ordering = ["org", "-occurred_on"]
        indexes = [models.Index(fields=["kind", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.org} {self.get_kind_display()} {self.occurred_on}"


class ChangeKind(models.TextChoices):
    CREATED = "created", "创建"
    UPDATED = "updated", "修改"
    MOVED = "moved", "调整上级"
    MERGED_INTO = "merged_into", "并入"
    ABSORBED = "absorbed", "接收合并"
    DISSOLVED = "dissolved", "撤销"
    RECEIVED = "received", "接收撤销组织的下属"


class OrgChange(models.Model):
    """Append-only history of the tree; a merge or dissolution writes a row on both sides."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="changes",
                            verbose_name="组织")
    kind = models.CharField("变更", max_length=16, choices=ChangeKind.choices)
    counterpart = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="相关组织")
    detail = models.JSONField("详情", default=dict, blank=True)
    by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name="操作人")
    at = models.DateTimeField("时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "组织变更记录"
        verbose_name_plural = "组织变更记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.org} {self.get_kind_display()} {self.at:%Y-%m-%d}"


class Role(models.TextChoices):
    STAFF = "staff", "基层填报员"
    REVIEWER = "reviewer", "审核员"
    ADMIN = "admin", "管理员"
    VOLUNTEER = "volunteer", "志愿者"


class User(AbstractUser):
    """An account belongs to exactly one Red Cross org and sees only that org's subtree."""

    ORG_PATH = "org__path"

    full_name = models.CharField("姓名", max_length=50, blank=True)
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="users", verbose_name="所属组织")
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.STAFF)
    # Set on accounts whose password someone else chose (an admin, load_demo); the owner must
    # replace it at first sign-in before anything else (orgs.middleware.ForcePasswordChangeMiddleware).
    must_change_password = models.BooleanField("须修改初始密码", default=False)
    # the owner's choice (notifications:settings): a copy of each in-app notification by e-mail
    email_notifications = models.BooleanField("邮件提醒", default=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class AuditQuerySet(ScopedQuerySet):
    """Append-only for the application: rows are never changed, and deleted only by the
    retention purge (``lib.audit.purge``), never younger than ``AUDIT_RETENTION_DAYS``. The one
    exception: ``count_again``, the repeat count of a row that stands for many refusals."""

    #: actions whose repeats within a minute are counted on one row (``lib.audit.record_denial``)
    COUNTED = ("access.denied",)

    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改。")

    def count_again(self) -> int:
        """Add one to ``count`` of the counted rows among these; nothing else of a row ever changes."""
        return QuerySet.update(self.filter(action__in=self.COUNTED), count=F("count") + 1)

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除。")


class AuditEvent(models.Model):
    """Who did what, to what, from where, with what outcome (等保 8.1.4.3; checklist row 17)."""

    ORG_PATH = "org__path"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="操作人")
    username = models.CharField("登录名", max_length=150, blank=True)
    org = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                            verbose_name="所属组织")
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    outcome = models.CharField("结果", max_length=16, default="success")
    detail = models.JSONField("详情", default=dict, blank=True)
    count = models.PositiveIntegerField("次数", default=1)  # repeats within the minute (access.denied)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除。")


class UsedFormToken(models.Model):
    """One row per submitted one-time form token (``{% once_token %}``): the unique key makes the
    second submission of the same form fail, across processes, even when both arrive at once."""

    token = models.CharField("表单令牌", max_length=64, unique=True)
    used_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    path = models.CharField("地址", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "已提交表单令牌"

    def __str__(self) -> str:
        return f"{self.path} {self.used_at:%Y-%m-%d %H:%M}"
