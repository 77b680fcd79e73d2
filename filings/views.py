import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from filings import selectors, stamping, tasks, uploads, workflow
from filings.forms import ApproveForm, AttachmentForm, FilingForm, QueueFilterForm, ReviewForm, SealForm
from filings.models import Attachment, Filing, Seal, Status, SupersededPdf
from orgs import scoping
from orgs.models import Organization
from signing.models import SignedPdf


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@login_required
@require_POST
def start(request, org_id):
    org = scoping.get_visible_or_404(Organization, request.user, pk=org_id)
    scoping.require(request.user, "filing.edit", org)
    try:
        filing = workflow.start_filing(org, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("orgs:detail", org.pk)
    return redirect("filings:edit", filing.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    filing = scoping.get_visible_or_404(Filing, request.user, pk=pk)
    scoping.require(request.user, "filing.view", filing)
    review = filing.reviews.first()
    comments = review.field_comments if review and filing.status == Status.RETURNED else {}
    # the form works on a copy: what it was given must not show as saved (title, progress bar)
    form = FilingForm(request.POST or None, instance=copy.copy(filing), comments=comments)
    may_edit = scoping.can(request.user, "filing.edit", filing)
    if request.method == "POST":
        scoping.require(request.user, "filing.edit", filing)
        if form.is_valid():
            try:
                workflow.save_filing(filing, by=request.user, **form.cleaned_data)
                messages.success(request, "已保存。")
                return redirect("filings:edit", filing.pk)
            except ValidationError as exc:
                form.add_error(None, exc)
    if not (filing.editable and may_edit):
        form.read_only(masked=not may_edit)
    return render(request, "filings/edit.html", {
        "filing": filing,
        "form": form,
        "upload_form": AttachmentForm(),
        "review": review,
        "missing": filing.missing(),
        "can_edit": filing.editable and may_edit,
        "can_review": filing.status == Status.SUBMITTED and scoping.can(request.user, "filing.review", filing),
        "field_history": selectors.filing_changes(filing),
        "can_reissue": stamping.may_reissue(request.user, filing),
    })


@login_required
@require_POST
def upload(request, pk):
    filing = scoping.get_visible_or_404(Filing, request.user, pk=pk)
    scoping.require(request.user, "filing.edit", filing)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            uploads.add_attachment(
                filing, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], by=request.user
            )
            messages.success(request, "附件已上传。")
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    else:
        messages.error(request, "请选择附件类别和文件。")
    return redirect("filings:edit", filing.pk)


@login_required
@require_POST
def attachment_delete(request, pk):
    att = scoping.get_visible_or_404(Attachment.objects.select_related("filing"), request.user, pk=pk)
    try:
        uploads.remove_attachment(att, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("filings:edit", att.filing_id)


def _attachment_file(request, pk, *, inline: bool) -> FileResponse:
    att = scoping.get_visible_or_404(Attachment.objects.select_related("filing__org"), request.user, pk=pk)
    scoping.require(request.user, "filing.view", att.filing)
    response = FileResponse(att.file.open("rb"), as_attachment=not inline, filename=att.original_name,
                            content_type=att.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def attachment(request, pk):
    return _attachment_file(request, pk, inline=False)


#: the inline preview may be framed by the portal's own pages and load nothing itself; every
#: other response keeps the site-wide frame-ancestors 'none' and X-Frame-Options DENY
PREVIEW_CSP = {"default-src": [CSP.NONE], "img-src": [CSP.SELF], "object-src": [CSP.SELF],
               "frame-ancestors": [CSP.SELF], "base-uri": [CSP.NONE], "form-action": [CSP.NONE]}


@login_required
@require_GET
@never_cache
@xframe_options_sameorigin
@csp_override(PREVIEW_CSP)
def attachment_preview(request, pk):
    """The same permission-checked file, shown in the page (PDF viewer or image) for reviewers.
    Images were re-encoded at upload and PDFs are sniffed; ``nosniff`` keeps both what they are."""
    response = _attachment_file(request, pk, inline=True)
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _act(request, pk, action, done) -> Filing:
    """Run one workflow step; say what happened (``done(filing)``) or why it was refused."""
    filing = scoping.get_visible_or_404(Filing, request.user, pk=pk)
    try:
        filing = action(filing)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, done(filing))
    return filing


@login_required
@require_POST
def submit(request, pk):
    filing = _act(request, pk, lambda f: workflow.submit_filing(f, by=request.user),
                  lambda f: f"已提交审核，等待{f.reviewing_body().name}审核；审核结果会出现在首页和“通知”中。")
    return redirect("filings:edit", filing.pk)


@login_required
@require_POST
def withdraw(request, pk):
    filing = _act(request, pk, lambda f: workflow.withdraw_filing(f, by=request.user),
                  lambda f: "已撤回，备案表回到草稿，可以修改后再提交。")
    return redirect("filings:edit", filing.pk)


def _review_page(request, filing, form, status=200):
    changes = workflow.changes_since_return(filing)
    return render(request, "filings/review.html", {
        "filing": filing,
        "rows": [(name, label, value, form[f"fc_{name}"]) for name, label, value in selectors.review_rows(filing)],
        "form": form,
        "changes": changes,
        "change_rows": selectors.change_rows(changes),
        "attachments": filing.attachments.all(),
        "reviews": filing.reviews.all(),
        "seal_missing": _seal_missing(filing),
    }, status=status)


@login_required
@require_GET
def review(request, pk):
    filing = scoping.get_visible_or_404(Filing.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "filing.review", filing)
    return _review_page(request, filing, ReviewForm())


def _seal_missing(filing) -> str:
    """The refusal approving would meet because the body has no e-seal, said before the click."""
    try:
        workflow.require_seal(filing.reviewing_body())
    except ValidationError as exc:
        return _error_text(exc)
    return ""


def _decide(request, pk, step, done, form_class=ReviewForm):
    """Return or approve: a comment that breaks the form's rules comes back with the page, as typed."""
    form = form_class(request.POST)
    if not form.is_valid():
        filing = scoping.get_visible_or_404(Filing.objects.select_related("org"), request.user, pk=pk)
        scoping.require(request.user, "filing.review", filing)
        return _review_page(request, filing, form)
    filing = _act(request, pk, lambda f: step(f, form), done)
    return redirect("filings:review", filing.pk)


@login_required
@require_POST
def return_(request, pk):
    return _decide(request, pk, lambda f, form: workflow.return_filing(
        f, by=request.user, comment=form.cleaned_data["comment"], field_comments=form.field_comments()),
        lambda f: f"已退回修改，{f.org.name}将收到通知。")


@login_required
@require_POST
def approve(request, pk):
    return _decide(request, pk, lambda f, form: workflow.approve_filing(
        f, by=request.user, comment=form.cleaned_data["comment"]),
        lambda f: f"已同意备案，备案编号 {f.number}。", ApproveForm)


@login_required
@require_GET
def queue(request):
    scoping.require(request.user, "filing.review")
    form = QueueFilterForm(request.GET or None)
    towns = selectors.towns_below(request.user)
    form.fields["town"].widget.choices = [("", "全部")] + [(t.pk, t.name) for t in towns]
    filings = selectors.queue(request.user, form.cleaned_data if form.is_valid() else {})
    page = Paginator(filings, 50).get_page(request.GET.get("page"))  # a city's queue runs to thousands
    return render(request, "filings/queue.html", {"form": form, "filings": page, "page": page})


@login_required
@require_GET
def overdue(request):
    scoping.require(request.user, "filing.review")
    deadline, orgs = selectors.overdue_units(request.user)
    return render(request, "filings/overdue.html", {"deadline": deadline, "orgs": orgs})


@login_required
@require_GET
def filing_pdf(request, pk):
    filing = scoping.get_visible_or_404(Filing.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, "filing.view", filing)
    try:
        data = stamping.pdf_of_record(filing)
    except stamping.StampFailed as exc:
        messages.error(request, str(exc))
        return redirect("filings:edit", filing.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="filing-{filing.pk}.pdf"'
    return response


@require_GET
def verify(request, token):
    """Public: proves a printed filing is genuine, or says that its PDF was superseded by a
    re-issue. Shows nothing personal and links nowhere."""
    # Public on purpose: found only by an unguessable token, and shows nothing personal.
    filing = scoping.allow_unscoped(Filing.objects.select_related("record_body")).filter(
        token=token, status=Status.FILED).first()
    superseded = None
    if filing is None:
        superseded = get_object_or_404(scoping.allow_unscoped(
            SupersededPdf.objects.select_related("filing__record_body")), token=token)
        filing = superseded.filing
    sha = superseded.pdf_sha256 if superseded else filing.pdf_sha256
    # Public on purpose, like the filing above: the PDF found by the token's own SHA-256.
    signed = scoping.allow_unscoped(SignedPdf.objects.select_related("certificate")).filter(sha256=sha).first() \
        if sha else None
    return render(request, "filings/verify.html", {"filing": filing, "superseded": superseded, "signed": signed})


@login_required
@require_POST
def reissue(request, pk):
    """An admin of a body above issues a new PDF of record (``stamping.reissue``)."""
    filing = scoping.get_visible_or_404(Filing, request.user, pk=pk)
    try:
        stamping.reissue(filing, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "已重新出具正式备案表 PDF：新文件有新的 SHA-256 和核验二维码，"
                                  "原 PDF 的核验页将显示已被取代。")
    return redirect("filings:edit", filing.pk)


@login_required
@require_POST
def export_start(request):
    """A ZIP of every filing in the reviewer's subtree, built as a background job (jobs pages)."""
    job = tasks.request_export(by=request.user)
    return redirect("jobs:detail", job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def seal(request):
    """The reviewing body's admin uploads its e-seal (PNG), used on filed PDFs."""
    body = request.user.org
    scoping.require(request.user, "seal.manage", body)
    if not body.is_body:
        raise PermissionDenied("只有县级以上红十字会可以设置电子印章。")
    form = SealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            uploads.set_seal(body, upload=form.cleaned_data["image"], by=request.user)
            messages.success(request, "电子印章已更新。")
            return redirect("filings:seal")
        except ValidationError as exc:
            form.add_error("image", exc)
    current = Seal.objects.visible_to(request.user).filter(org=body).first()
    return render(request, "filings/seal.html", {"form": form, "current": current, "body": body})


@login_required
@require_GET
def seal_image(request):
    seal = scoping.get_visible_or_404(Seal, request.user, org=request.user.org_id)
    return FileResponse(seal.image.open("rb"), content_type="image/png")


@login_required
@require_GET
def history_log(request):
    """Admins: every change of the filings and attachments in their subtree."""
    scoping.require(request.user, "audit.view")
    return render(request, "filings/history.html", {"rows": selectors.history_in_subtree(request.user)})
