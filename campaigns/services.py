"""Every write of the campaigns app: each checks permission and input, runs in one transaction,
and records an audit event. Views, commands, the demo and tests all call these."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, DocumentKind, Milestone, PaperCopy, StaffMember, Stage, UnitDocument
from filings.uploads import reencode_image, sniff
from lib import audit
from lib.identity import validate_phone
from orgs import scoping
from orgs.models import Category, LeadershipRole, LeadershipTerm, Level

#: seed 000 四、实施步骤, with the stock milestones each stage checks
SEED_STAGES = [
    ("宣传发动", (9, 30), [Milestone.CANDIDATES]),
    ("组织实施", (10, 31), [Milestone.ELECTED]),
    ("备案", (11, 15), [Milestone.FILED, Milestone.PAPER_COPY, Milestone.STAFF]),
    ("建章立制", (11, 30), [Milestone.RULES]),
]
LEADER_ROLES = (LeadershipRole.PRESIDENT, LeadershipRole.VICE_PRESIDENT,
                LeadershipRole.VICE_PRESIDENT_SECRETARY, LeadershipRole.SECRETARY_GENERAL)
MAX_STAFF = 2


def check_stages(starts_on: date, ends_on: date, stages: list[dict]) -> None:
    """Bad dates are refused with the field they belong to named (``stage_<i>_due_on``)."""
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = "结束日期不能早于开始日期。"
    if not stages:
        errors["__all__"] = "至少需要一个阶段。"
    previous = None
    for i, stage in enumerate(stages):
        due = stage["due_on"]
        if due < starts_on or due > ends_on:
            errors[f"stage_{i}_due_on"] = f"完成期限须在开始日期 {starts_on} 与结束日期 {ends_on} 之间。"
        elif previous and due < previous:
            errors[f"stage_{i}_due_on"] = "各阶段的完成期限须按先后顺序排列，不能早于上一阶段。"
        if not stage["milestones"]:
            errors[f"stage_{i}_milestones"] = "请至少选择一个检查事项。"
        previous = due
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_campaign(*, by, name: str, starts_on: date, ends_on: date, stages: list[dict], levels=None,
                  categories=(), deduct_per_stage: int = 5, deduct_per_week: int = 1) -> Campaign:
    """A body opens a campaign over its own subtree (seed 000: the district over its towns and
    departments). ``stages``: [{"name", "due_on", "milestones"}], in the order of their dates."""
    scoping.require(by, "campaign.open", by.org)
    if by.org is None or not by.org.is_body:
        raise ValidationError("只有县级以上红十字会可以发起督查工作。")
    levels = list(levels or [Level.TOWN, Level.DEPARTMENT])
    if any(v not in Level.values for v in levels) or any(v not in Category.values for v in categories):
        raise ValidationError({"levels": "参加层级或类别不正确。"})
    check_stages(starts_on, ends_on, stages)
    campaign = Campaign.objects.create(org=by.org, name=name, starts_on=starts_on, ends_on=ends_on,
                                       levels=[str(v) for v in levels], categories=[str(v) for v in categories],
                                       deduct_per_stage=deduct_per_stage, deduct_per_week=deduct_per_week,
                                       created_by=by)
    for stage in stages:
        Stage.objects.create(campaign=campaign, name=stage["name"], due_on=stage["due_on"],
                             milestones=[str(m) for m in stage["milestones"]])
    audit.record("campaign.opened", user=by, obj=campaign, org=by.org)
    return campaign


def seed_stages(year: int) -> list[dict]:
    return [{"name": n, "due_on": date(year, m, d), "milestones": ms} for n, (m, d), ms in SEED_STAGES]


@transaction.atomic
def upload_document(org, *, kind: str, upload, by, at=None) -> UnitDocument:
    """A unit's own document (PDF, JPEG or PNG, by content: the filings' upload rules). ``at`` lets
    the demo place a document on the day it was sent; the pages never pass it."""
    scoping.require(by, "campaign.unit_edit", org)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "请选择文件类别。"})
    try:
        content_type = sniff(upload)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from None
    content = reencode_image(upload, content_type) if content_type != "application/pdf" else upload
    original = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    doc = UnitDocument(org=org, kind=kind, original_name=original, content_type=content_type, uploaded_by=by,
                       uploaded_at=at or timezone.now())
    doc.file.save("upload", content, save=False)
    doc.save()
    audit.record("campaign.document_uploaded", user=by, obj=doc, org=org)
    return doc


@transaction.atomic
def record_paper_copy(org, *, received_on: date, by) -> PaperCopy:
    """The district records the day the unit's signed, sealed paper form arrived (seed 000 附件1 备注)."""
    scoping.require(by, "campaign.record_paper", org)
    if org.pk == by.org_id:
        raise ValidationError("纸质备案表的收到日期由上级红十字会登记。")
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "收到日期不能晚于今天。"})
    copy = PaperCopy.objects.create(org=org, received_on=received_on, recorded_by=by)
    audit.record("campaign.paper_copy", user=by, obj=copy, org=org)
    return copy


@transaction.atomic
def name_staff(org, *, by, name: str, post: str, phone: str, starts_on: date) -> StaffMember:
    """Seed 000: 确定1-2名专职工作人员 — a third is refused until one leaves."""
    scoping.require(by, "campaign.unit_edit", org)
    errors = {}
    try:
        phone = validate_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if starts_on > timezone.localdate():
        errors["starts_on"] = "开始日期不能晚于今天。"
    if StaffMember.objects.select_for_update().filter(org=org, ends_on__isnull=True).count() >= MAX_STAFF:
        errors["__all__"] = f"专职工作人员最多 {MAX_STAFF} 名：请先登记一名人员离任。"
    if errors:
        raise ValidationError(errors)
    staff = StaffMember(org=org, name=name, post=post, phone=phone, starts_on=starts_on)
    staff._history_user = by
    staff.save()
    audit.record("campaign.staff_named", user=by, obj=staff, org=org)
    return staff


@transaction.atomic
def end_staff(staff: StaffMember, *, by, ends_on: date) -> StaffMember:
    scoping.require(by, "campaign.unit_edit", staff)
    if ends_on < staff.starts_on:
        raise ValidationError({"ends_on": "离任日期不能早于开始日期。"})
    if ends_on > timezone.localdate():
        raise ValidationError({"ends_on": "离任日期不能晚于今天。"})
    staff.ends_on = ends_on
    staff._history_user = by
    staff.save(update_fields=["ends_on"])
    audit.record("campaign.staff_ended", user=by, obj=staff, org=staff.org)
    return staff


@transaction.atomic
def record_leader(org, *, by, role: str, person_name: str, post: str, starts_on: date,
                  ends_on: date | None = None, document=None) -> LeadershipTerm:
    """The unit records its own elected 会长/副会长/秘书长, with the election result (正式文件) when
    given; a new 会长 or 秘书长 ends the term of the one before on the eve of the new term
    (history kept, nothing deleted)."""
    scoping.require(by, "campaign.unit_edit", org)
    errors = {}
    if role not in LEADER_ROLES:
        errors["role"] = "职务须为会长、副会长、副会长兼秘书长或秘书长。"
    if ends_on and ends_on < starts_on:
        errors["ends_on"] = "任职结束日期不能早于开始日期。"
    if starts_on > timezone.localdate():
        errors["starts_on"] = "任职开始日期不能晚于今天。"
    if errors:
        raise ValidationError(errors)
    if role != LeadershipRole.VICE_PRESIDENT:
        from datetime import timedelta

        for term in LeadershipTerm.objects.select_for_update().filter(org=org, role=role, ends_on__isnull=True,
                                                                      starts_on__lt=starts_on):
            term.ends_on = starts_on - timedelta(days=1)
            term.save(update_fields=["ends_on"])
    if document is not None:
        try:
            upload_document(org, kind=DocumentKind.ELECTION, upload=document, by=by)
        except ValidationError as exc:
            raise ValidationError({"document": exc.message_dict["upload"]}) from None
    term = LeadershipTerm.objects.create(org=org, role=role, person_name=person_name, post=post,
                                         starts_on=starts_on, ends_on=ends_on)
    audit.record("campaign.leader_recorded", user=by, obj=term, org=org)
    return term
