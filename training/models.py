"""A class an org runs, the people on its roster, and each one's attendance and exam result."""

from django.db import models
from simple_history.models import HistoricalRecords

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet
from people.models import Person


class ClassKind(models.TextChoices):
    AWARENESS = "awareness", "普及培训"
    FIRST_AIDER = "first_aider", "救护员培训"
    REFRESHER = "refresher", "复训"
    CADRE = "cadre", "干部与业务培训"


#: kinds whose passed trainees get a 救护员证 (cadre training certifies nothing: seeds 002, 003)
CERTIFYING = frozenset({ClassKind.FIRST_AIDER, ClassKind.REFRESHER})


class TrainingClass(models.Model):
    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="training_classes",
                            verbose_name="举办组织")
    kind = models.CharField("培训类别", max_length=16, choices=ClassKind.choices)
    title = models.CharField("培训班名称", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    hours = models.PositiveSmallIntegerField("学时")
    venue = models.CharField("培训地点", max_length=200)
    trainers = models.CharField("授课教师", max_length=200, blank=True)
    pass_mark = models.PositiveSmallIntegerField("考核合格分", default=80)
    certifying_org = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="certified_classes", verbose_name="发证机构")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Trainee(Person):
    """One person however many classes they sit: the org that first put them on a roster."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="trainees",
                            verbose_name="登记组织")
    name = models.CharField("姓名", max_length=50)
    work_unit = models.CharField("工作单位", max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=Person.UNHISTORIED)

    class Meta:
        verbose_name = "学员"
        verbose_name_plural = "学员"

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    ORG_PATH = "training_class__org__path"

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="enrollments",
                                       verbose_name="培训班")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="enrollments",
                                verbose_name="学员")
    attended = models.BooleanField("全程出勤", default=False)
    score = models.PositiveSmallIntegerField("考核成绩", null=True, blank=True)
    passed = models.BooleanField("考核合格", null=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "学员名册"
        verbose_name_plural = "学员名册"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["training_class", "trainee"], name="one_seat_per_class")]

    def __str__(self) -> str:
        return f"{self.training_class} {self.trainee}"


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


class CertificateCounter(models.Model):
    """The last 救护员证 number a body issued in a year; locked while the next is taken, so two
    certificates never share a number and none is skipped."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="training_certificate_counter_once")]

    def __str__(self) -> str:
        return f"{self.org_id}-{self.year}: {self.last}"


class Certificate(models.Model):
    """A 救护员证 issued by a body for a passed seat of a certifying class; valid three years. It
    sits at the org that ran the class (its staff keep and print it); the issuer numbers it."""

    ORG_PATH = "enrollment__training_class__org__path"

    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="first_aid_certificates",
                               verbose_name="发证机构")
    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate",
                                      verbose_name="培训记录")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="certificates", verbose_name="持证人")
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "救护员证"
        verbose_name_plural = "救护员证"
        ordering = ["-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "serial"],
                                               name="training_certificate_number_once")]

    def __str__(self) -> str:
        return f"救护员证 {self.number}"

    @property
    def org(self) -> Organization:
        """Where it sits (scoping, audit): the org that ran the class."""
        return self.enrollment.training_class.org

    @property
    def number(self) -> str:
        return f"JH{self.issuer_id:04d}-{self.year}-{self.serial:05d}"

    def valid_on(self, day) -> bool:
        return self.issued_on <= day <= self.expires_on
