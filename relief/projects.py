"""博爱家园 projects and distributions to households: writes through these functions, a project's
status through ``_move`` over ``PROJECT_NEXT``."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from filings.uploads import reencode_image, sniff
from lib import audit
from orgs import scoping
from relief.models import PROJECT_NEXT, Distribution, Project, ProjectDocument, ProjectExpense, ProjectFunding
from relief.models import ProjectStatus as P

MAX_DOCUMENTS = 20


def _amount(value, field: str, *, positive=True) -> Decimal:
    try:
        value = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({field: "请填写金额。"}) from None
    if not value.is_finite() or value < 0 or (positive and value == 0) or value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: "金额须大于零，最多两位小数。" if positive else "金额不能为负数，最多两位小数。"})
    return value


@transaction.atomic
def create_project(*, by, org, name, kind, community, starts_on, ends_on=None, budget, beneficiaries=0) -> Project:
    scoping.require(by, "relief.edit", org)
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})
    project = Project.objects.create(org=org, name=name, kind=kind, community=community, starts_on=starts_on,
                                     ends_on=ends_on, budget=_amount(budget, "budget", positive=False),
                                     beneficiaries=beneficiaries or 0, created_by=by)
    audit.record("relief.project_created", user=by, obj=project)
    return project


@transaction.atomic
def _move(project: Project, new: str, *, by) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    old = locked.status
    if new not in PROJECT_NEXT[old]:
        raise ValidationError(f"项目当前为“{P(old).label}”，不能变为“{P(new).label}”。")
    locked.status = new
    locked.save(update_fields=["status"])
    audit.record("relief.project_status", user=by, obj=locked, from_status=old, to_status=new)
    return locked


def move_project(project: Project, new: str, *, by) -> Project:
    scoping.require(by, "relief.edit", project)
    return _move(project, new, by=by)


def add_funding(project: Project, *, by, source: str, amount) -> ProjectFunding:
    scoping.require(by, "relief.edit", project)
    return ProjectFunding.objects.create(project=project, source=source.strip()[:60], amount=_amount(amount, "amount"))


def add_expense(project: Project, *, by, spent_on, amount, note: str) -> ProjectExpense:
    scoping.require(by, "relief.edit", project)
    if spent_on < project.starts_on:
        raise ValidationError({"spent_on": "支出日期不能早于项目开始日期。"})
    return ProjectExpense.objects.create(project=project, spent_on=spent_on, amount=_amount(amount, "amount"),
                                         note=note.strip()[:100], by=by)


def money(project: Project) -> dict:
    """Budget against funding and spending."""
    funded = project.fundings.aggregate(t=Sum("amount"))["t"] or Decimal("0")
    spent = project.expenses.aggregate(t=Sum("amount"))["t"] or Decimal("0")
    return {"budget": project.budget, "funded": funded, "spent": spent, "left": project.budget - spent}


@transaction.atomic
def add_document(project: Project, *, by, upload) -> ProjectDocument:
    """A document or photo: the bytes must prove PDF/JPEG/PNG; images keep only their pixels."""
    scoping.require(by, "relief.edit", project)
    if project.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError({"upload": f"每个项目最多 {MAX_DOCUMENTS} 个文件。"})
    try:
        content_type = sniff(upload)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from None
    content = reencode_image(upload, content_type) if content_type.startswith("image/") else upload
    original = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    document = ProjectDocument(project=project, original_name=original, content_type=content_type, uploaded_by=by)
    document.file.save("upload", content, save=False)
    document.save()
    return document


@transaction.atomic
def record_distribution(*, by, org, occasion, held_on, households, per_household, handed_out_by, money=0,
                        project=None) -> Distribution:
    scoping.require(by, "relief.edit", org)
    if not households or households < 1:
        raise ValidationError({"households": "受助户数至少为 1。"})
    if project is not None and project.org_id != org.pk:
        raise ValidationError({"project": "只能选择本单位的项目。"})
    distribution = Distribution.objects.create(
        org=org, occasion=occasion, held_on=held_on, households=households, per_household=per_household,
        handed_out_by=handed_out_by, money=_amount(money or 0, "money", positive=False), project=project, by=by)
    audit.record("relief.distribution", user=by, obj=distribution, households=households)
    return distribution
