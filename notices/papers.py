"""Yearly work plans and summaries (工作计划/工作总结) per org: uploaded by the org, seen by the
bodies above as 未报 / 已报 / 退回, returned with a comment, and reminded before their due dates
(``PORTAL["WORK_PLAN_DUE"]``, ``["WORK_SUMMARY_DUE"]``, ``["WORK_PAPER_REMIND_DAYS"]``)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lib import audit
from notices import uploads
from notices.models import PaperKind, PaperStatus, WorkPaper
from notifications import services as notifications
from orgs import scoping
from orgs.models import Organization, OrgStatus, Role, User

REMINDED = notifications.reason("paper.reminder", "计划总结催报")
RETURNED = notifications.reason("paper.returned", "计划总结退回")
STATE_LABELS = {None: "未报", PaperStatus.SUBMITTED: "已报", PaperStatus.RETURNED: "退回"}


def due_on(kind: str, year: int) -> date:
    month, day = settings.PORTAL["WORK_PLAN_DUE" if kind == PaperKind.PLAN else "WORK_SUMMARY_DUE"]
    return date(year, month, day)


@transaction.atomic
def submit(org: Organization, *, year: int, kind: str, upload, by: User) -> WorkPaper:
    """Upload (or upload again, after a return) the org's plan or summary for ``year``."""
    scoping.require(by, "notice.reply", org)
    if by.org_id != org.pk and not by.is_superuser:
        raise PermissionDenied("只能报送本单位的工作计划和总结。")
    if kind not in PaperKind.values:
        raise ValidationError({"kind": "请选择工作计划或工作总结。"})
    if upload is None:
        raise ValidationError({"file": "请选择要上传的文件。"})
    try:
        content_type, content = uploads.check(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None
    paper = WorkPaper.objects.select_for_update().filter(org=org, year=year, kind=kind).first()
    if paper and paper.status == PaperStatus.SUBMITTED:
        raise ValidationError({"file": f"{year}年{paper.get_kind_display()}已报送；退回后才能重新上传。"})
    paper = paper or WorkPaper(org=org, year=year, kind=kind)
    if paper.file:
        old = paper.file
        transaction.on_commit(lambda name=old.name, storage=old.storage: storage.delete(name))
    paper.file.save("upload", content, save=False)
    paper.name, paper.content_type = uploads.display_name(upload), content_type
    paper.status, paper.submitted_by, paper.submitted_at = PaperStatus.SUBMITTED, by, timezone.now()
    paper.save()
    audit.record("paper.submit", user=by, obj=paper, org=org, year=year, kind=kind)
    return paper


@transaction.atomic
def return_paper(paper: WorkPaper, *, by: User, comment: str) -> WorkPaper:
    """A body above sends it back with a comment; the org uploads it again."""
    scoping.require(by, "notice.publish", paper.org)
    if by.org_id == paper.org_id or not by.org.is_body:
        raise PermissionDenied("只有上级红十字会可以退回工作计划和总结。")
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) < 4:
        raise ValidationError({"comment": "请填写退回意见（至少4个字）。"})
    paper = WorkPaper.objects.select_for_update().get(pk=paper.pk)
    if paper.status != PaperStatus.SUBMITTED:
        raise ValidationError("该文件已退回。")
    paper.status, paper.return_comment, paper.returned_by = PaperStatus.RETURNED, comment[:300], by
    paper.save(update_fields=["status", "return_comment", "returned_by"])
    audit.record("paper.return", user=by, obj=paper, org=paper.org, comment=paper.return_comment)
    notifications.notify(User.objects.filter(org=paper.org, role__in=(Role.STAFF, Role.ADMIN)),
                         f"{by.org.name}退回了本单位{paper.year}年{paper.get_kind_display()}：{comment[:80]}",
                         reason=RETURNED, link=reverse("notices:papers"), org=paper.org,
                         about_key=f"paper:{paper.pk}")
    return paper


def children_status(body: Organization, year: int) -> list[tuple]:
    """(child org, {kind: paper or None}) for the orgs right below ``body``; two queries."""
    children = list(Organization.objects.filter(path__startswith=body.path, depth=body.depth + 1)
                    .exclude(status=OrgStatus.DISSOLVED).order_by("path"))
    papers = {(p.org_id, p.kind): p for p in WorkPaper.objects.filter(org__in=children, year=year)}
    return [(c, {k: papers.get((c.pk, k)) for k in PaperKind.values}) for c in children]


def remind_due(today: date | None = None) -> int:
    """Remind every org (below a body) whose plan or summary for this year is not in, from
    ``WORK_PAPER_REMIND_DAYS`` before its due date until the date; each person once a day.
    Run daily (``manage.py remind_work_papers``). Returns how many (org, paper) reminders."""
    today = today or timezone.localdate()
    window = timedelta(days=settings.PORTAL["WORK_PAPER_REMIND_DAYS"])
    count = 0
    for kind in PaperKind.values:
        due = due_on(kind, today.year)
        if not (due - window <= today <= due):
            continue
        done = WorkPaper.objects.filter(year=today.year, kind=kind, status=PaperStatus.SUBMITTED).values("org_id")
        late = Organization.objects.filter(depth__gt=1).exclude(status=OrgStatus.DISSOLVED).exclude(pk__in=done)
        label = PaperKind(kind).label
        for org in late.iterator(chunk_size=2000):
            with transaction.atomic():
                notifications.notify(User.objects.filter(org=org, role__in=(Role.STAFF, Role.ADMIN)),
                                     f"【提醒】请于{due:%m月%d日}前上传本单位{today.year}年{label}。", reason=REMINDED,
                                     link=reverse("notices:papers"), org=org,
                                     about_key=f"paper:{org.pk}:{today.year}:{kind}", once_a_day=True)
            count += 1
    return count
