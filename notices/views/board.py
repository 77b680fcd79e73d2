"""Notices: the lists (received / sent, searchable), publishing, a notice with its reply form,
the publisher's receipt table with reminders and its Excel export, withdrawal, and the files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import audit, paging
from lib.excel import write as xlsx
from notices import selectors, services
from notices.forms import PublishForm, ReplyForm, WithdrawForm
from notices.models import Notice, NoticeAttachment, Receipt
from orgs import scoping


def _notice(request, pk):
    try:
        return selectors.visible_notice(request.user, pk)
    except Notice.DoesNotExist:
        raise Http404("未找到该通知。") from None


def _publisher_side(request, pk) -> Notice:
    notice, _own, publisher_side = _notice(request, pk)
    if not publisher_side:
        raise Http404("未找到该通知。")
    scoping.require(request.user, "notice.view", notice)
    return notice


@login_required
@require_GET
def notice_list(request):
    scoping.require(request.user, "notice.view")
    q = request.GET.get("q", "").strip()[:50]
    box = "sent" if request.GET.get("box") == "sent" else "received"
    if box == "sent":
        page = paging.cursor_page(request, selectors.sent(request.user, q), ("-published_at", "-pk"))
    else:
        page = paging.cursor_page(request, selectors.received(request.user, q), ("-notice_id", "-pk"))
    can_publish = request.user.org.is_body and scoping.can(request.user, "notice.publish", request.user.org)
    return render(request, "notices/list.html", {"page": page, "box": box, "q": q, "can_publish": can_publish})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    publisher = request.user.org
    scoping.require(request.user, "notice.publish", publisher)
    if not publisher.is_body:
        raise PermissionDenied("只有县级以上红十字会可以向下发布通知。")
    form = PublishForm(request.POST or None, request.FILES or None, publisher=publisher)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        targets = services.recipients(publisher, levels=d["levels"], categories=d["categories"], orgs=d["org_names"])
        try:
            notice = services.publish(by=request.user, kind=d["kind"], title=d["title"], body=d["body"],
                                      targets=targets, files=d["files"], reply_required=d["reply_required"],
                                      reply_deadline=d["reply_deadline"], late_replies=d["late_replies"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已发布，共 {notice.receipts.count()} 个接收单位。")
            return redirect("notices:receipts", notice.pk)
    return render(request, "notices/create.html", {"form": form})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_GET
def detail(request, pk):
    notice, own, publisher_side = _notice(request, pk)
    if own is not None and services.mark_read(notice, by=request.user):
        own.refresh_from_db()
    can_reply = (own is not None and notice.reply_required and not notice.withdrawn and not notice.reply_closed()
                 and scoping.can(request.user, "notice.reply", own))
    return render(request, "notices/detail.html", {
        "notice": notice, "own": own, "publisher_side": publisher_side, "can_reply": can_reply,
        "form": ReplyForm(), "attachments": notice.attachments.all()})


@login_required
@require_POST
def reply(request, pk):
    notice, own, _ = _notice(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.reply(notice, by=request.user, text=form.cleaned_data["text"], upload=form.cleaned_data["file"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "回执已报送。")
            return redirect("notices:detail", notice.pk)
    return render(request, "notices/detail.html", {
        "notice": notice, "own": own, "publisher_side": False, "can_reply": True, "form": form,
        "attachments": notice.attachments.all()}, status=200)


@login_required
@require_GET
def receipts(request, pk):
    notice = _publisher_side(request, pk)
    state = request.GET.get("state", "")
    page = paging.cursor_page(request, selectors.receipts(notice, state), ("org__path", "pk"), per_page=100)
    can_manage = scoping.can(request.user, "notice.publish", notice) and not notice.withdrawn
    return render(request, "notices/receipts.html", {
        "notice": notice, "page": page, "state": state, "tally": selectors.tally(notice), "can_manage": can_manage,
        "withdraw_form": WithdrawForm()})


@login_required
@require_POST
def remind(request, pk):
    notice = _publisher_side(request, pk)
    try:
        count = services.remind(notice, by=request.user, state=request.POST.get("state", ""))
        messages.success(request, f"已向 {count} 个单位发出提醒（同一单位每天最多提醒一次）。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("notices:receipts", notice.pk)


@login_required
@require_POST
def withdraw(request, pk):
    notice = _publisher_side(request, pk)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写撤回原因。")
        services.withdraw(notice, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "通知已撤回，接收单位仍可看到撤回记录。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("notices:receipts", notice.pk)


HEADER = ["接收单位", "层级", "状态", "阅读时间", "阅读人", "回执时间", "回执人", "回执内容", "回执附件"]


@login_required
@require_GET
def export(request, pk):
    notice = _publisher_side(request, pk)
    audit.record("notice.export", request=request, obj=notice, org=notice.publisher)

    def rows():
        for r in selectors.receipts(notice).iterator(chunk_size=2000):
            yield [r.org.name, r.org.get_level_display(), r.state, _when(r.read_at), _who(r.read_by),
                   _when(r.replied_at), _who(r.replied_by), r.reply_text, r.reply_file_name]

    return xlsx.response(lambda fh: xlsx.write(fh, title="回执情况", heading=f"{notice.title} 回执情况", rows=rows(),
                                               header=HEADER, widths=(30, 12, 8, 18, 12, 18, 12, 40, 20)),
                         f"回执情况-{notice.pk}.xlsx")


def _when(at):
    from django.utils import timezone

    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _who(user):
    return user.display_name if user else ""


def _download(field, name: str, content_type: str):
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def attachment(request, pk):
    # found by key, then allowed by the notice's own rule (publisher's side or a recipient's)
    att = scoping.allow_unscoped(NoticeAttachment.objects.filter(pk=pk)).first()
    if att is None:
        raise Http404("未找到该附件。")
    _notice(request, att.notice_id)
    return _download(att.file, att.name, att.content_type)


@login_required
@require_GET
def reply_file(request, pk):
    """A reply's file: for the recipient org (and above it), and for the publisher's side."""
    # found by key, then allowed below by either side's subtree
    receipt = scoping.allow_unscoped(Receipt.objects.filter(pk=pk).select_related("notice__publisher", "org")).first()
    if receipt is None or not receipt.reply_file:
        raise Http404("未找到该附件。")
    user = request.user
    allowed = user.role in selectors.WORKERS and (
        scoping.in_scope(user, receipt.org) or scoping.in_scope(user, receipt.notice.publisher))
    if not allowed:
        raise Http404("未找到该附件。")
    return _download(receipt.reply_file, receipt.reply_file_name, receipt.reply_content_type)
