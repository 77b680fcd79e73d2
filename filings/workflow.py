"""A filing's life (seed 000 §四: 报区红十字会备案存档): draft → submitted → returned/filed.

Every state change goes through ``_move``: it locks the row, refuses moves not in ``NEXT``,
saves, and writes one ``Event`` and one audit row. The public functions check role and scope through ``orgs.scoping``
and their own rules; views, admin, commands and tests all call them.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from filings import limits, stamping
from filings.models import (
    FORM_FIELDS,
    NEXT,
    PHONE_FIELDS,
    Decision,
    Event,
    Filing,
    FilingCounter,
    Review,
    Seal,
    Status,
)
from lib import audit
from lib.identity import validate_phone
from notifications import services as notifications
from notifications.models import Notification
from orgs import scoping, services
from orgs.models import Role, User


class IllegalMove(ValidationError):
    pass


#: the audit code of a move, by the state it moves to (labels in ``lib.audit.ACTION_LABELS``)
ACTIONS = {
    Status.SUBMITTED: "filing.submit",
    Status.DRAFT: "filing.withdraw",
    Status.RETURNED: "filing.return",
    Status.FILED: "filing.approve",
}


def _locked(filing: Filing) -> Filing:
    """The filing's row, locked until the caller's transaction ends: every step that reads the
    filing and its attachments to decide something (submit, attachment changes) takes this lock."""
    return Filing.objects.select_for_update().get(pk=filing.pk)


def _check_move(filing: Filing, new: str) -> None:
    if new not in NEXT[filing.status]:
        raise IllegalMove(f"备案表当前为“{filing.get_status_display()}”，不能变为“{Status(new).label}”。")


@transaction.atomic
def _move(filing: Filing, new: str, *, by: User, note: str = "", snapshot: dict | None = None,
          **changes) -> Filing:
    """The one state mover: lock the row, refuse a move not in ``NEXT``, set ``changes`` with the
    new status, save them (``update_fields``, history user), write the ``Event`` and the audit row.
    A refused move raises before anything is written."""
    locked = _locked(filing)
    old = locked.status
    _check_move(locked, new)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.status = new
    locked._history_user = by  # simple-history: who made this change
    locked.save(update_fields=["status", "updated_at", *changes])
    Event.objects.create(filing=locked, from_status=old, to_status=new, by=by, note=note,
                         snapshot=snapshot or {}, at=timezone.now())
    audit.record(ACTIONS[new], user=by, obj=locked, from_status=old, to_status=new)
    return locked


def require_seal(body) -> None:
    """A filed PDF is an official document: without the body's e-seal it cannot be issued."""
    if body is None or not Seal.objects.filter(org=body).exists():
        name = body.name if body else "审核机关"
        raise ValidationError(f"{name}尚未上传电子印章，不能备案盖章。请本机关管理员先在“管理 → 电子印章”"
                              "上传印章，再同意备案。")


def _require_reviewer(filing: Filing, by: User) -> None:
    """Reviewing is for the reviewing body (or a body above it), never for the org itself."""
    scoping.require(by, "filing.review", filing)
    if not by.is_superuser and (by.org_id == filing.org_id or not by.org.is_body):
        raise PermissionDenied("只有县级以上红十字会可以审核备案表。")


#: why a filing notification was sent (the inbox shows the label)
SUBMITTED = notifications.reason("filing.submitted", "备案待审")
RETURNED = notifications.reason("filing.returned", "备案退回")
FILED = notifications.reason("filing.filed", "已备案")
REMINDER = notifications.reason("filing.reminder", "备案催办")


def about(filing: Filing) -> str:
    return f"filing:{filing.pk}"


def _notify(filing: Filing, users, message: str, reason: str, *, once_a_day: bool = False) -> None:
    notifications.notify(users, message, reason=reason, link=reverse("filings:edit", args=[filing.pk]),
                         org=filing.org, about_key=about(filing), once_a_day=once_a_day)


def _staff_of(filing: Filing):
    return User.objects.filter(org=filing.org, role__in=(Role.STAFF, Role.ADMIN))


def _reviewers_of(filing: Filing):
    body = filing.reviewing_body()
    return (
        User.objects.filter(org=body, role__in=(Role.REVIEWER, Role.ADMIN)) if body else User.objects.none()
    )


@transaction.atomic
def start_filing(org, *, by: User) -> Filing:
    """The org's filing, created pre-filled from the tree on first use."""
    scoping.require(by, "filing.view", org)
    existing = Filing.objects.filter(org=org).first()
    if existing:
        return existing
    scoping.require(by, "filing.edit", org)
    if not org.is_grassroots:
        raise ValidationError("只有基层组织需要填写成立备案表。")
    filing = Filing.prefilled_for(org)
    filing._history_user = by  # simple-history: who made this change
    filing.save()
    return filing


@transaction.atomic
def save_filing(filing: Filing, *, by: User, **values) -> Filing:
    scoping.require(by, "filing.edit", filing)
    locked = Filing.objects.select_for_update().get(pk=filing.pk)
    if not locked.editable:
        raise IllegalMove("已提交或已备案的备案表不能修改。")
    for name, value in values.items():
        if name in FORM_FIELDS:
            setattr(locked, name, value)
    for name in PHONE_FIELDS:  # one stored form, whoever calls (the form normalises them too)
        phone = getattr(locked, name)
        if phone:
            try:
                setattr(locked, name, validate_phone(phone))
            except ValidationError as exc:
                raise ValidationError({name: exc.messages}) from None
    locked.full_clean(exclude=["org", "record_body"])
    locked._history_user = by  # simple-history: who made this change
    locked.save()
    return locked


@transaction.atomic
def submit_filing(filing: Filing, *, by: User, note: str = "") -> Filing:
    """Submit for review (seed 000 §四: the form with 选举结果（正式文件）). Every required field and
    both required attachments must be there; they are checked under the filing's lock, which
    removing an attachment takes too, so a deletion sent at the same moment cannot slip between."""
    scoping.require(by, "filing.submit", filing)
    locked = _locked(filing)
    _check_move(locked, Status.SUBMITTED)
    missing = locked.missing()
    if missing:
        raise ValidationError("还缺少：" + "、".join(str(m) for m in missing) + "。")
    filing = _move(locked, Status.SUBMITTED, by=by, note=note, snapshot=locked.values(),
                   submitted_at=timezone.now())
    _notify(filing, _reviewers_of(filing), f"{filing.name} 提交了基层组织成立备案表，请审核。", SUBMITTED)
    return filing


@transaction.atomic
def withdraw_filing(filing: Filing, *, by: User) -> Filing:
    """The submitter takes a submitted filing back to draft before it is reviewed."""
    scoping.require(by, "filing.submit", filing)
    return _move(filing, Status.DRAFT, by=by, note="撤回")


@transaction.atomic
def return_filing(filing: Filing, *, by: User, comment: str, field_comments: dict | None = None) -> Filing:
    """Back to the org with the reviewer's overall comment and comments on single fields."""
    _require_reviewer(filing, by)
    field_comments = {k: v.strip() for k, v in (field_comments or {}).items() if k in FORM_FIELDS and v and v.strip()}
    if not comment.strip() and not field_comments:
        raise ValidationError("退回时请填写审核意见。")
    limits.check_review(comment, field_comments)
    filing = _move(filing, Status.RETURNED, by=by, note=comment)
    Review.objects.create(filing=filing, by=by, decision=Decision.RETURN, comment=comment,
                          field_comments=field_comments, snapshot=filing.values())
    _notify(filing, _staff_of(filing), f"{filing.name} 的备案表被退回修改：{comment[:100]}", RETURNED)
    return filing


@transaction.atomic
def approve_filing(filing: Filing, *, by: User, comment: str = "") -> Filing:
    """Stamp the filing (seed 000, 附件1 备案情况): the reviewing body's name, date and number; the
    org becomes filed (``orgs.services.mark_filed``). The PDF of record is rendered after commit
    (``filings.stamping``), so approvals of one body never wait for each other's rendering."""
    _require_reviewer(filing, by)
    limits.check_review(comment, {}, approving=True)
    locked = _locked(filing)
    _check_move(locked, Status.FILED)
    body = locked.reviewing_body()
    require_seal(body)
    today = timezone.localdate()
    filing = _move(locked, Status.FILED, by=by, note=comment, record_body=body,
                   record_opinion=comment.strip() or f"经审核，同意备案。{body.name}",
                   record_sealed_on=today, filed_at=timezone.now(),
                   number=next_filing_number(body, today.year))
    Review.objects.create(filing=filing, by=by, decision=Decision.APPROVE, comment=comment,
                          snapshot=filing.values())
    services.mark_filed(filing.org, founded_on=filing.founded_on, by=by)
    stamping.stamp_after_commit(filing)
    _notify(filing, _staff_of(filing), f"{filing.name} 的备案表已备案，备案编号 {filing.number}。", FILED)
    return filing


def next_filing_number(body, year: int) -> str:
    """备案编号 ``BBBB-YYYY-NNNN``: the body's yearly sequence, taken under a row lock (call inside
    ``transaction.atomic``); a number once given is never given again, even if its filing goes."""
    FilingCounter.objects.get_or_create(body=body, year=year)
    counter = FilingCounter.objects.select_for_update().get(body=body, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{body.pk:04d}-{year}-{counter.last:04d}"


#: reminder notifications start with this (the inbox and the e-mail subject read it)
REMINDER_PREFIX = "【催办】"


def remind_overdue(*, now: datetime | None = None) -> int:
    """Remind the reviewers of every filing waiting longer than ``PORTAL["REVIEW_OVERDUE_DAYS"]``
    (in-app and by email), at most once a day per filing. Run daily (``manage.py remind_reviewers``).
    Returns how many filings were reminded."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.PORTAL["REVIEW_OVERDUE_DAYS"])
    key = Concat(Value("filing:"), Cast(OuterRef("pk"), CharField()))
    reminded_today = Notification.objects.filter(about_key=key, reason=REMINDER,
                                                 created_at__gt=now - timedelta(days=1))
    due = (Filing.objects.filter(status=Status.SUBMITTED, submitted_at__lte=limit)
           .exclude(Exists(reminded_today)).select_related("org"))
    count = 0
    for filing in due:
        with transaction.atomic():
            waited = (now - filing.submitted_at).days
            _notify(filing, _reviewers_of(filing),
                    f"{REMINDER_PREFIX}{filing.name} 的备案表已等待审核 {waited} 天，请尽快处理。", REMINDER,
                    once_a_day=True)
        count += 1
    return count


def changes_since_return(filing: Filing) -> dict[str, tuple]:
    """Field → (value when last returned, value now) for the fields changed since."""
    last = filing.reviews.filter(decision=Decision.RETURN).first()
    if not last:
        return {}
    now = filing.values()
    return {f: (last.snapshot.get(f), now[f]) for f in now if last.snapshot.get(f) != now[f]}
