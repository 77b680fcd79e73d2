"""Writes of notices: publish down the subtree, read, reply (回执), remind, withdraw. Each checks
role and scope through ``orgs.scoping``, runs in one transaction (nothing half-saved), writes an
audit row, and tells people through ``notifications.services.notify`` after commit."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lib import audit
from notices import uploads
from notices.models import Kind, Notice, NoticeAttachment, Receipt
from notices.selectors import STATES
from notifications import services as notifications
from orgs import scoping
from orgs.models import Organization, Role, User

PUBLISHED = notifications.reason("notice.published", "通知公文")
REMINDED = notifications.reason("notice.reminder", "回执催办")
REPLIED = notifications.reason("notice.replied", "收到回执")
WITHDRAWN = notifications.reason("notice.withdrawn", "通知撤回")

RECEIVERS = (Role.STAFF, Role.ADMIN)  # who at a recipient org is told (they read and reply)


def about(notice: Notice) -> str:
    return f"notice:{notice.pk}"


def recipients(publisher: Organization, *, levels: Iterable[str] = (), categories: Iterable[str] = (),
               orgs: Iterable[Organization] = ()):
    """The orgs strictly below ``publisher`` chosen by level or category (either matches), plus
    the orgs chosen by name; dissolved orgs are left out."""
    below = Organization.objects.filter(path__startswith=publisher.path, depth__gt=publisher.depth) \
        .exclude(status="dissolved")
    chosen = Q(pk__in=[o.pk for o in orgs])
    if levels:
        chosen |= Q(level__in=list(levels))
    if categories:
        chosen |= Q(category__in=list(categories))
    return below.filter(chosen)


def _users_of(org_ids, roles=RECEIVERS):
    return User.objects.filter(org_id__in=org_ids, role__in=roles, is_active=True)


def _check_fields(title: str, deadline, reply_required: bool) -> str:
    title = (title or "").replace("\x00", "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写标题。"
    if deadline and not reply_required:
        errors["reply_deadline"] = "只有要求回执的通知才设回执截止日期。"
    if deadline and deadline < timezone.localdate():
        errors["reply_deadline"] = "回执截止日期不能早于今天。"
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def publish(*, by: User, kind: str, title: str, body: str = "", targets, files=(), reply_required=False,
            reply_deadline=None, late_replies=False) -> Notice:
    """A body's notice to the chosen orgs of its subtree (seed 000: 通知 with attachments and a
    reply expected). ``targets``: a queryset from ``recipients``."""
    publisher = by.org
    scoping.require(by, "notice.publish", publisher)
    if not publisher.is_body and not by.is_superuser:
        raise PermissionDenied("只有县级以上红十字会可以向下发布通知。")
    title = _check_fields(title, reply_deadline, reply_required)
    if kind not in Kind.values:
        raise ValidationError({"kind": "请选择通知类别。"})
    target_ids = list(targets.filter(path__startswith=publisher.path, depth__gt=publisher.depth)
                      .values_list("pk", flat=True))
    if not target_ids:
        raise ValidationError({"levels": "请至少选择一个接收单位（按层级、类别或逐个选择）。"})
    files = list(files)
    if len(files) > uploads.MAX_FILES:
        raise ValidationError({"files": f"附件最多 {uploads.MAX_FILES} 个。"})
    checked = []
    for f in files:
        try:
            checked.append((f, *uploads.check(f)))
        except ValidationError as exc:
            raise ValidationError({"files": f"{uploads.display_name(f)}：{exc.messages[0]}"}) from None
    notice = Notice.objects.create(publisher=publisher, kind=kind, title=title, body=(body or "").strip(),
                                   reply_required=reply_required, reply_deadline=reply_deadline,
                                   late_replies=late_replies, created_by=by)
    for upload, content_type, content in checked:
        att = NoticeAttachment(notice=notice, name=uploads.display_name(upload), content_type=content_type,
                               size=content.size)
        att.file.save("upload", content, save=False)
        att.save()
    Receipt.objects.bulk_create([Receipt(notice=notice, org_id=pk) for pk in target_ids], batch_size=1000)
    audit.record("notice.publish", user=by, obj=notice, org=publisher, recipients=len(target_ids),
                 kind=kind)
    notifications.notify(_users_of(target_ids), f"{publisher.name}发来{notice.get_kind_display()}：{title}",
                         reason=PUBLISHED, link=reverse("notices:detail", args=[notice.pk]), org=publisher,
                         about_key=about(notice))
    return notice


def mark_read(notice: Notice, *, by: User) -> bool:
    """The first reader at a recipient org marks the notice read for the whole org."""
    if by.role not in RECEIVERS + (Role.REVIEWER,) or notice.withdrawn:
        return False
    return bool(Receipt.objects.filter(notice=notice, org_id=by.org_id, read_at__isnull=True)
                .update(read_at=timezone.now(), read_by=by))


@transaction.atomic
def reply(notice: Notice, *, by: User, text: str = "", upload=None) -> Receipt:
    """The recipient org's 回执: text and/or one file. Refused after the deadline unless the
    publisher accepts late replies, and once the notice is withdrawn."""
    receipt = Receipt.objects.select_for_update().filter(notice=notice, org_id=by.org_id).first()
    if receipt is None:
        raise PermissionDenied("本单位不是该通知的接收单位。")
    scoping.require(by, "notice.reply", receipt)
    if notice.withdrawn:
        raise ValidationError("该通知已撤回，不能再报送回执。")
    if notice.reply_closed():
        raise ValidationError({"text": f"回执已于 {notice.reply_deadline:%Y年%m月%d日} 截止，发文单位未接受逾期回执。"})
    text = (text or "").replace("\x00", "").strip()
    if not text and upload is None:
        raise ValidationError({"text": "请填写回执内容或上传回执附件。"})
    if upload is not None:
        try:
            content_type, content = uploads.check(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages[0]}) from None
        if receipt.reply_file:
            old = receipt.reply_file
            transaction.on_commit(lambda name=old.name, storage=old.storage: storage.delete(name))
        receipt.reply_file.save("upload", content, save=False)
        receipt.reply_file_name, receipt.reply_content_type = uploads.display_name(upload), content_type
    now = timezone.now()
    receipt.reply_text, receipt.replied_at, receipt.replied_by = text, now, by
    if receipt.read_at is None:
        receipt.read_at, receipt.read_by = now, by
    receipt.save()
    audit.record("notice.reply", user=by, obj=receipt, notice=notice.pk)
    notifications.notify([notice.created_by], f"{receipt.org.name}报送了回执：{notice.title}", reason=REPLIED,
                         link=reverse("notices:receipts", args=[notice.pk]), org=receipt.org,
                         about_key=about(notice))
    return receipt


@transaction.atomic
def remind(notice: Notice, *, by: User, state: str) -> int:
    """Remind the orgs that have not read (``unread``) or not replied (``unreplied``), in-app and
    by e-mail, each person at most once a day for this notice. Returns how many orgs."""
    scoping.require(by, "notice.publish", notice)
    if notice.withdrawn:
        raise ValidationError("该通知已撤回。")
    if state not in ("unread", "unreplied") or (state == "unreplied" and not notice.reply_required):
        raise ValidationError("请选择提醒未读单位或未回执单位。")
    org_ids = list(notice.receipts.filter(STATES[state]).values_list("org_id", flat=True))
    what = "阅读" if state == "unread" else "报送回执"
    deadline = f"（{notice.reply_deadline:%m月%d日}前）" if notice.reply_deadline and state == "unreplied" else ""
    notifications.notify(_users_of(org_ids), f"【提醒】请及时{what}{deadline}：{notice.title}", reason=REMINDED,
                         link=reverse("notices:detail", args=[notice.pk]), org=notice.publisher,
                         about_key=f"{about(notice)}:{state}", once_a_day=True)
    audit.record("notice.remind", user=by, obj=notice, org=notice.publisher, state=state, orgs=len(org_ids))
    return len(org_ids)


@transaction.atomic
def withdraw(notice: Notice, *, by: User, reason: str) -> Notice:
    """Withdrawn notices stay in the lists, marked, with their receipts (kept in history)."""
    scoping.require(by, "notice.publish", notice)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.withdrawn:
        raise ValidationError("该通知已撤回。")
    reason = (reason or "").replace("\x00", "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写撤回原因。"})
    notice.withdrawn_at, notice.withdraw_reason = timezone.now(), reason[:200]
    notice.save(update_fields=["withdrawn_at", "withdraw_reason"])
    audit.record("notice.withdraw", user=by, obj=notice, org=notice.publisher, reason=notice.withdraw_reason)
    org_ids = notice.receipts.values_list("org_id", flat=True)
    notifications.notify(_users_of(org_ids), f"{notice.publisher.name}撤回了通知：{notice.title}（{reason[:50]}）",
                         reason=WITHDRAWN, link=reverse("notices:detail", args=[notice.pk]), org=notice.publisher,
                         about_key=about(notice))
    return notice
