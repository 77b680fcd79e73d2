"""Members (DESIGN.md §5): adult, youth and group members, their history, dues, transfers,
online applications and honours. Every row sits at an org and is scoped through ``ORG_PATH``."""

import operator
from datetime import date
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.lookups import Exact
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lib import identity, pii
from lib.validators import NotInFuture
from members.querysets import SpellQuerySet
from orgs.querysets import ScopedQuerySet
from people.models import Gender, Person

__all__ = ["Gender"]  # members.models.Gender: the one gender code, kept importable from here


class Kind(models.TextChoices):
    ADULT = "adult", "成人会员"
    YOUTH = "youth", "青少年会员"
    GROUP = "group", "团体会员"


class Status(models.TextChoices):
    ACTIVE = "active", "在册"
    LAPSED = "lapsed", "欠费失效"  # derived, never stored
    LEFT = "left", "已退会"
    TRANSFERRED = "transferred", "已转出"


class DuesRule(models.Model):
    """会费标准 as data; the newest rule in force on a date applies (defaults: data migration)."""

    kind = models.CharField("会员类别", max_length=8, choices=Kind.choices)
    max_amount = models.DecimalField("每年会费上限（元）", max_digits=8, decimal_places=2)
    lapse_years = models.PositiveSmallIntegerField("连续未缴年数视为退会", default=2)
    share_up_percent = models.PositiveSmallIntegerField("上缴比例（%）", default=20)
    effective_from = models.DateField("生效日期", default=date(2000, 1, 1))

    class Meta:
        verbose_name = verbose_name_plural = "会费标准"
        ordering = ["kind", "-effective_from"]

    def __str__(self):
        return f"{self.get_kind_display()} ≤{self.max_amount}元/年"

    @classmethod
    def for_kind(cls, kind: str, on: date | None = None) -> "DuesRule":
        on = on or timezone.localdate()
        rule = cls.objects.filter(kind=kind, effective_from__lte=on).order_by("-effective_from").first()
        return rule or cls._default(kind)

    @classmethod
    def _default(cls, kind: str) -> "DuesRule":
        default = Decimal("5") if kind == Kind.YOUTH else Decimal("10")  # same as migration 0002
        return cls(kind=kind, max_amount=default, lapse_years=2, share_up_percent=20)

    @classmethod
    def in_force(cls, on: date) -> dict[str, "DuesRule"]:
        """The rule of each kind in force on ``on``, in one query."""
        rules = {}
        for rule in cls.objects.filter(effective_from__lte=on).order_by("kind", "-effective_from"):
            rules.setdefault(rule.kind, rule)
        return {kind: rules.get(kind) or cls._default(kind) for kind in Kind.values}


#: ``Member.dues_years`` keeps the years a member has paid dues for as bits, bit k for year
#: ``DUES_EPOCH + k``, so the lapse check reads the member's own row (and the member list's index)
#: instead of probing the payments table once a row. A window outside 2000–2062 asks the payments.
DUES_EPOCH, DUES_SPAN = 2000, 63


def dues_bits(*years: int) -> int:
    """The ``dues_years`` bits of ``years``; a year outside the span has none."""
    return sum(1 << (y - DUES_EPOCH) for y in set(years) if DUES_EPOCH <= y < DUES_EPOCH + DUES_SPAN)


class MemberQuerySet(ScopedQuerySet):
    def with_lapse(self, today: date | None = None):
        """Annotate ``lapsed``: active, and none of the last ``lapse_years`` completed years (the
        kind's ``DuesRule`` in force, 2 by default) — those from the joining year on — has a dues
        payment. Derived on read, no nightly job."""
        today = today or timezone.localdate()
        kinds_by_years: dict[int, list[str]] = {}
        for kind, rule in DuesRule.in_force(today).items():
            kinds_by_years.setdefault(rule.lapse_years, []).append(kind)
        # one condition per lapse window, not per kind: with every kind on the same rule (the
        # usual case) the list's query carries one short condition instead of three
        by_window = []
        for lapse_years, kinds in kinds_by_years.items():
            window = range(today.year - lapse_years, today.year)
            if window[0] >= DUES_EPOCH and window[-1] < DUES_EPOCH + DUES_SPAN:
                unpaid = Exact(F("dues_years").bitand(dues_bits(*window)), 0)
            else:
                unpaid = ~Exists(DuesPayment.objects.filter(member=OuterRef("pk"), year__gte=window[0],
                                                            year__lte=window[-1]))
            of_kind = Q() if len(kinds) == len(Kind.values) else Q(kind__in=kinds)
            by_window.append(of_kind & Q(joined_on__year__lte=window[0]) & unpaid)
        return self.annotate(lapsed=Q(status=Status.ACTIVE) & reduce(operator.or_, by_window))

    def with_status(self, status: str, today: date | None = None):
        qs = self if "lapsed" in self.query.annotations and today is None else self.with_lapse(today)
        if status == Status.LAPSED:
            return qs.filter(lapsed=True)
        if status == Status.ACTIVE:
            return qs.filter(status=Status.ACTIVE, lapsed=False)
        return qs.filter(status=status)


class Member(Person):
    ORG_PATH = "org__path"
    #: every org the member has belonged to (``scoping.scope_former``: the sending org's read-only view)
    HISTORY_PATH = "spells__org__path"

    kind = models.CharField("会员类别", max_length=8, choices=Kind.choices, default=Kind.ADULT)
    name = models.CharField("姓名/单位名称", max_length=100)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    in_school = models.BooleanField("在校学生", default=False)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    org = models.ForeignKey("orgs.Organization", models.PROTECT, related_name="members",
                            verbose_name="所属组织")
    joined_on = models.DateField("入会日期", default=timezone.localdate, validators=[NotInFuture("入会日期")])
    number = models.CharField("会员编号", max_length=20, unique=True, editable=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField("退会日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: the years paid, as ``dues_bits``; written with each payment by ``services.pay_dues``
    dues_years = models.BigIntegerField("已缴会费年度", default=0, editable=False)

    objects = MemberQuerySet.as_manager()
    # field history; the ID column holds ciphertext only, its blind index is not copied
    history = HistoricalRecords(excluded_fields=[*Person.UNHISTORIED, "created_at", "dues_years"])

    class Meta:
        verbose_name = verbose_name_plural = "会员"
        # granted per account by an operator (``manage.py pii_export_grant``); checked in orgs.scoping
        permissions = [("export_full_pii", "可导出含完整身份证号码和手机号码的名册")]
        ordering = ["-joined_on", "-pk"]
        indexes = [
            # the member list: an org's rows in list order, lapse check included, read from the index
            # alone; the page's 50 rows are then fetched by key (members/views/register.py, bench/EXPLAIN.md)
            models.Index(fields=["org", "status", "kind", "-joined_on", "-id"], include=["dues_years"],
                         name="member_list"),
            models.Index(fields=["name"]),
                   models.Index(fields=["id_tail"]),
                   # statistics read a spell's member only for its kind: index-only (bench/EXPLAIN.md)
                   models.Index(fields=["id"], include=["kind"], name="member_kind_covering")]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=~Q(credit_code=""),
                                    name="member_unique_credit_code"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    def effective_status(self) -> str:
        lapsed = getattr(self, "lapsed", None)
        if lapsed is None:
            lapsed = Member.objects.with_lapse().get(pk=self.pk).lapsed
        return Status.LAPSED if lapsed else self.status

    def effective_status_label(self) -> str:
        return Status(self.effective_status()).label


class MemberCounter(models.Model):
    """Per-org number sequence, locked with select_for_update; numbers are never reused."""

    org = models.OneToOneField("orgs.Organization", models.PROTECT, primary_key=True, related_name="+")
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.org_id}: {self.last}"


class Spell(models.Model):
    """One stretch of membership at one org. Counts as of any date come from these
    (``Spell.objects.open_on``), so they stay right before and after a transfer or a leave."""

    ORG_PATH = "org__path"

    class Start(models.TextChoices):
        JOINED = "joined", "入会"
        TRANSFER_IN = "transfer_in", "转入"

    class End(models.TextChoices):
        TRANSFER_OUT = "transfer_out", "转出"
        LEFT = "left", "退会"

    member = models.ForeignKey(Member, models.CASCADE, related_name="spells")
    org = models.ForeignKey("orgs.Organization", models.PROTECT, related_name="member_spells")
    start = models.DateField("开始")
    start_reason = models.CharField(max_length=12, choices=Start.choices)
    end = models.DateField("结束", null=True, blank=True)  # exclusive: not a member on ``end``
    end_reason = models.CharField(max_length=12, choices=End.choices, blank=True)
    counterpart = models.ForeignKey("orgs.Organization", models.PROTECT, null=True, blank=True,
                                    related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    objects = SpellQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["start", "end"]),
                   # a subtree's spells open on a date, org by org, without the table (bench/EXPLAIN.md)
                   models.Index(fields=["org", "start"], include=["end", "member", "id"],
                                name="spell_org_start_covering")]

    def __str__(self):
        return f"{self.member_id}@{self.org_id} {self.start}–{self.end or ''}"


class DuesPayment(models.Model):
    ORG_PATH = "member__org__path"

    member = models.ForeignKey(Member, models.CASCADE, related_name="payments")
    year = models.PositiveSmallIntegerField("年度")
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    paid_on = models.DateField("缴费日期", default=timezone.localdate)
    org = models.ForeignKey("orgs.Organization", models.PROTECT, related_name="+")  # collected by

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会费缴纳"
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="dues_once_a_year")]
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年 {self.amount}元"

    @property
    def share_up(self) -> Decimal:
        rule = DuesRule.for_kind(self.member.kind, self.paid_on)
        return (self.amount * rule.share_up_percent / 100).quantize(Decimal("0.01"))


class Transfer(models.Model):
    """关系转接: requested by the sending org, accepted or refused by the receiving org."""

    ORG_PATH = "from_org__path"

    class State(models.TextChoices):
        PENDING = "pending", "待接收"
        ACCEPTED = "accepted", "已接收"
        REJECTED = "rejected", "已拒绝"

    member = models.ForeignKey(Member, models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey("orgs.Organization", models.PROTECT, related_name="+")
    to_org = models.ForeignKey("orgs.Organization", models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.CharField("说明", max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    decided_on = models.DateField(null=True)

    objects = ScopedQuerySet.as_manager()

    def __str__(self):
        return f"{self.from_org_id}→{self.to_org_id} {self.get_state_display()}"


class ApplicationQuerySet(ScopedQuerySet):
    def with_duplicates(self, user):
        """Each application's ``duplicate``: why the reviewing org should look twice — the person is
        a member already (in ``user``'s subtree or elsewhere), or has another application waiting —
        or "". The public form never says this (``members.services.submit_application``)."""
        same = {"id_hash": OuterRef("id_hash")}
        members = Member.objects.filter(**same)
        here = members if user.is_superuser else members.filter(org__path__startswith=user.org.path)
        others = Application.objects.filter(**same, state=Application.State.PENDING).exclude(pk=OuterRef("pk"))
        return self.annotate(duplicate=Case(
            When(Exists(here), then=Value("已是本辖区的会员")),
            When(Exists(members), then=Value("已是其他地区的会员")),
            When(Exists(others), then=Value("另有待审核的入会申请")),
            default=Value(""), output_field=models.CharField()))


class Application(models.Model):
    """扫码入会: a public application waiting in the org's queue."""

    ORG_PATH = "org__path"

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    org = models.ForeignKey("orgs.Organization", models.PROTECT, related_name="member_applications",
                            verbose_name="申请加入的组织")
    kind = models.CharField("会员类别", max_length=8, choices=[(Kind.ADULT.value, Kind.ADULT.label),
                                                                (Kind.YOUTH.value, Kind.YOUTH.label)],
                            default=Kind.ADULT)
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号码", max_length=255)  # sealed: via lib.pii only
    id_hash = models.CharField(max_length=64, editable=False)
    phone = models.CharField("手机号码", max_length=11)
    in_school = models.BooleanField("在校学生", default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reject_reason = models.CharField("不通过原因", max_length=200, blank=True)
    member = models.ForeignKey(Member, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.name}（{self.get_state_display()}）"

    @property
    def masked_id(self):
        return pii.masked_id(self.id_number)

    @property
    def masked_phone(self):
        return identity.mask_phone(self.phone)


class Honour(models.Model):
    ORG_PATH = "org__path"

    class Kind(models.TextChoices):
        STAR = "star", "会员之星"
        RED_LIST = "red_list", "红人榜"

    org = models.ForeignKey("orgs.Organization", models.PROTECT, related_name="member_honours")
    member = models.ForeignKey(Member, models.SET_NULL, null=True, blank=True, related_name="honours")
    name = models.CharField("姓名", max_length=100)
    kind = models.CharField("荣誉", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    citation = models.CharField("事迹", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会员荣誉"
        ordering = ["-year", "kind", "name"]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.name}"
