"""博爱家园 and other community projects (seeds 001–004), and distributions to households
(博爱送万家 and others): who was helped, with what, when and by whom — counted, never named."""

from django.conf import settings
from django.db import models

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


class ProjectStatus(models.TextChoices):
    APPLIED = "applied", "申报"
    IMPLEMENTING = "implementing", "实施"
    ACCEPTANCE = "acceptance", "验收"
    COMPLETED = "completed", "完成"


P = ProjectStatus
#: a project's allowed moves: acceptance may send it back to implementation (整改)
PROJECT_NEXT = {P.APPLIED: {P.IMPLEMENTING}, P.IMPLEMENTING: {P.ACCEPTANCE},
                P.ACCEPTANCE: {P.COMPLETED, P.IMPLEMENTING}, P.COMPLETED: set()}


class ProjectQuerySet(ScopedQuerySet):
    def running_in(self, year: int):
        """Projects whose period touches ``year``: the one definition of "a project of that year"."""
        return self.filter(starts_on__year__lte=year).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__year__gte=year))


class Project(models.Model):
    ORG_PATH = "org__path"

    class Kind(models.TextChoices):
        BOAI_HOME = "boai_home", "博爱家园"
        OTHER = "other", "其他项目"

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="relief_projects",
                            verbose_name="实施单位")
    name = models.CharField("项目名称", max_length=60)
    kind = models.CharField("项目类型", max_length=12, choices=Kind.choices, default=Kind.BOAI_HOME)
    community = models.CharField("所在社区（村）", max_length=60)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    budget = models.DecimalField("预算（元）", max_digits=14, decimal_places=2)
    beneficiaries = models.PositiveIntegerField("受益人数", default=0)
    status = models.CharField("状态", max_length=14, choices=ProjectStatus.choices, default=P.APPLIED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "项目"
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return self.name


class ProjectFunding(models.Model):
    """One funding source of a project and its amount (红十字会、政府、社会捐赠 …)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField("资金来源", max_length=60)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)

    def __str__(self):
        return self.source


class ProjectExpense(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="expenses")
    spent_on = models.DateField("支出日期")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    note = models.CharField("用途", max_length=100)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return self.note


class ProjectDocument(models.Model):
    """A document or photo of a project: sniffed and re-encoded like a filing's attachments."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="relief/%Y/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    ORG_PATH = "project__org__path"

    def __str__(self):
        return self.original_name

    @property
    def org(self):
        return self.project.org


class Distribution(models.Model):
    """One distribution to households (博爱送万家 …): how many, what each received, when, by whom.
    Goods handed out from a warehouse are the ledger's 发放 lines; money is recorded here."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="relief_distributions",
                            verbose_name="发放单位")
    occasion = models.CharField("活动", max_length=60)
    held_on = models.DateField("发放日期")
    households = models.PositiveIntegerField("受助户数")
    per_household = models.CharField("每户所得", max_length=100)
    money = models.DecimalField("发放资金合计（元）", max_digits=14, decimal_places=2, default=0)
    handed_out_by = models.CharField("发放人", max_length=60)
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="distributions", verbose_name="所属项目")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "发放记录"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on} {self.occasion}"
