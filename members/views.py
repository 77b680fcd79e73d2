from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs import xlsx
from members import excel, pii, services, tasks
from members.forms import (
    ApplicationForm,
    DuesForm,
    HonourForm,
    IdSearchForm,
    ImportForm,
    MemberFilter,
    MemberForm,
    RejectForm,
    TransferForm,
)
from members.models import Application, Member, Transfer
from orgs import paging, scoping
from orgs.models import GRASSROOTS_LEVELS, Organization, OrgStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _need(user, action):
    if not scoping.can(user, action):
        raise PermissionDenied("您没有执行此操作的权限。")


def _members():
    return Member.objects.with_lapse().select_related("org")


def _filtered(request):
    qs = Member.objects.visible_to(request.user).with_lapse().select_related("org")
    return MemberFilter(request.GET or None, queryset=qs, user=request.user)


@never_cache
@login_required
@require_GET
def member_list(request):
    _need(request.user, "member.view")
    f = _filtered(request)
    page = paging.cursor_page(request, f.qs, ("-joined_on", "-pk"))
    return render(request, "members/list.html", {
        "filter": f, "page": page, "id_form": IdSearchForm(),
        "can_edit": scoping.can(request.user, "member.edit"),
        "can_import": scoping.can(request.user, "member.import"),
    })


@never_cache
@login_required
@require_POST
def member_find_by_id(request):
    """Full-ID search: by POST, looked up through the keyed hash; never in a URL."""
    _need(request.user, "member.view")
    form = IdSearchForm(request.POST)
    if form.is_valid():
        digest = pii.id_hash(form.cleaned_data["id_number"])
        member = Member.objects.visible_to(request.user).filter(id_hash=digest).first()
        if member:
            return redirect("members:detail", pk=member.pk)
    messages.warning(request, "在您管辖范围内未找到该身份证号码对应的会员。")
    return redirect("members:list")


def _detail(request, member, *, revealed=False):
    return render(request, "members/detail.html", {
        "member": member, "revealed": revealed,
        "spells": member.spells.select_related("org", "counterpart"),
        "payments": member.payments.all(),
        "transfers": member.transfers.select_related("from_org", "to_org"),
        "honours": member.honours.all(),
        "can_edit": scoping.can(request.user, "member.edit", member),
        "can_reveal": scoping.can(request.user, "member.reveal_pii", member),
        "transfer_form": TransferForm(),
        "dues_form": DuesForm(),
    })


@never_cache
@login_required
@require_GET
def member_detail(request, pk):
    member = scoping.get_visible_or_404(_members(), request.user, pk=pk)
    scoping.require(request.user, "member.view", member)
    return _detail(request, member)


@never_cache
@login_required
@require_POST
def member_reveal(request, pk):
    """显示完整信息: allowed roles only, and every view is logged."""
    member = scoping.get_visible_or_404(_members(), request.user, pk=pk)
    services.reveal(member, by=request.user, ip=client_ip(request))
    return _detail(request, member, revealed=True)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    _need(request.user, "member.edit")
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.create_member(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已登记会员，编号 {member.number}。")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "title": "登记会员"})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    scoping.require(request.user, "member.edit", member)
    initial = {f: getattr(member, f) for f in ("kind", "name", "in_school", "phone", "credit_code",
                                                "contact_person")}
    form = MemberForm(request.POST or None, initial=initial, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "会员信息已保存。")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "title": f"编辑会员 {member.number}"})


@login_required
@require_POST
def member_leave(request, pk):
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    try:
        services.leave(member, by=request.user)
        messages.success(request, "已办理退会。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("members:detail", pk=member.pk)


@login_required
@require_POST
def member_pay(request, pk):
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    scoping.require(request.user, "member.edit", member)
    form = DuesForm(request.POST)
    if form.is_valid():
        try:
            services.pay_dues(member, by=request.user, **form.cleaned_data)
            messages.success(request, "已登记会费。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请填写年度和金额。")
    return redirect("members:detail", pk=member.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def honour_add(request, org_pk):
    org = scoping.get_visible_or_404(Organization, request.user, pk=org_pk)
    scoping.require(request.user, "member.edit", org)
    form = HonourForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_honour(by=request.user, org=org, **form.cleaned_data)
        messages.success(request, "已添加荣誉。")
        return redirect("orgs:detail", pk=org.pk)
    return render(request, "members/form.html", {"form": form, "title": f"会员之星 / 红人榜 · {org.name}"})


@login_required
@require_POST
def transfer_request(request, pk):
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    scoping.require(request.user, "member.edit", member)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            services.request_transfer(member, by=request.user, **form.cleaned_data)
            messages.success(request, "已提交转接申请，等待转入组织接收。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请选择转入组织。")
    return redirect("members:detail", pk=member.pk)


@never_cache
@login_required
@require_GET
def transfer_queue(request):
    _need(request.user, "member.edit")
    incoming = Transfer.objects.filter(state=Transfer.State.PENDING,
                                       to_org__in=scoping.visible_orgs(request.user))
    return render(request, "members/transfers.html", {
        "incoming": incoming.select_related("member", "from_org", "to_org"),
        "outgoing": Transfer.objects.visible_to(request.user).filter(state=Transfer.State.PENDING)
        .select_related("member", "from_org", "to_org"),
    })


@login_required
@require_POST
def transfer_decide(request, pk):
    incoming = Transfer.objects.filter(to_org__in=scoping.visible_orgs(request.user))
    transfer = get_object_or_404(incoming, pk=pk)
    try:
        services.decide_transfer(transfer, by=request.user, accept=request.POST.get("accept") == "1")
        messages.success(request, "转接申请已处理。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("members:transfers")


@login_required
@require_GET
def member_export(request):
    _need(request.user, "member.view")
    f = _filtered(request)
    full = scoping.can(request.user, "member.reveal_pii") and request.GET.get("full") == "1"
    qs = f.qs.order_by("number")
    if qs.count() > settings.PORTAL["EXPORT_SYNC_MAX_ROWS"]:  # big: a background job with a progress bar
        job = tasks.start_export(by=request.user, filters=request.GET, full=full, ip=client_ip(request))
        return redirect("jobs:detail", job.pk)
    if full:
        excel.log_full_export(qs, by=request.user, ip=client_ip(request))
    return xlsx.response(lambda dest: excel.export_members(qs, dest, full=full), "members.xlsx")


# ---- 扫码入会: public pages --------------------------------------------------------------------

RATE_LIMIT, RATE_WINDOW = 5, 3600


def _rate_limited(request) -> bool:
    key = f"members:apply:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def _open_orgs():
    return Organization.objects.filter(level__in=GRASSROOTS_LEVELS).exclude(status=OrgStatus.DISSOLVED)


@require_GET
def apply_pick(request):
    """Public: find a grassroots org by its name or a region's name (an ancestor's)."""
    q = (request.GET.get("q") or "").strip()[:50]
    orgs = _open_orgs()
    if q:
        regions = Organization.objects.filter(name__icontains=q).values_list("path", flat=True)[:50]
        cond = Q(name__icontains=q)
        for path in regions:
            cond |= Q(path__startswith=path)
        orgs = orgs.filter(cond)
    page = Paginator(orgs.order_by("path"), 30).get_page(request.GET.get("page"))
    return render(request, "members/apply_pick.html", {"page": page, "q": q})


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, org_pk):
    org = get_object_or_404(_open_orgs(), pk=org_pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST":
        if form.data.get("website"):  # honeypot: people never see it, bots fill it
            return redirect("members:apply_done")
        if _rate_limited(request):
            context = {"form": form, "org": org, "limited": True}
            return render(request, "members/apply.html", context, status=429)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("kind", "name", "id_number", "phone", "in_school")}
            try:
                services.submit_application(org=org, **data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect("members:apply_done")
    return render(request, "members/apply.html", {"form": form, "org": org})


@require_GET
def apply_done(request):
    return render(request, "members/apply_done.html")


@never_cache
@login_required
@require_GET
def application_queue(request):
    _need(request.user, "application.review")
    apps = Application.objects.visible_to(request.user).filter(state=Application.State.PENDING)
    page = Paginator(apps.select_related("org"), 50).get_page(request.GET.get("page"))
    return render(request, "members/queue.html", {"page": page, "reject_form": RejectForm()})


@login_required
@require_POST
def application_decide(request, pk):
    app = scoping.get_visible_or_404(Application, request.user, pk=pk)
    approve = request.POST.get("approve") == "1"
    try:
        app = services.decide_application(app, by=request.user, approve=approve,
                                          reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        if approve:
            messages.success(request, f"已通过，会员编号 {app.member.number}。")
        else:
            messages.success(request, "已退回申请。")
    return redirect("members:queue")


@login_required
@require_GET
def org_qr(request, org_pk):
    """A printable page with the org's application QR code."""
    org = scoping.get_visible_or_404(Organization, request.user, pk=org_pk)
    scoping.require(request.user, "org.view", org)
    from members.templatetags.members_tags import qr_data_uri

    url = request.build_absolute_uri(reverse("members:apply", args=[org.pk]))
    return render(request, "members/qr.html", {"org": org, "url": url, "qr": qr_data_uri(url, scale=8)})


# ---- Excel import --------------------------------------------------------------------------

@login_required
@require_GET
def import_template(request):
    _need(request.user, "member.import")
    response = HttpResponse(excel.template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="member-import-template.xlsx"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _need(request.user, "member.import")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        commit = request.POST.get("commit") == "1"
        try:
            data = form.cleaned_data["file"].read(excel.MAX_UPLOAD + 1)
            rows = excel.count_rows(data)
            if tasks.is_big_import(rows):  # thousands of rows: checked and saved by the worker, all or none
                job = tasks.start_import(by=request.user, data=data, commit=commit, rows=rows)
                return redirect("jobs:detail", job.pk)
            result = excel.import_members(data, by=request.user, dry_run=not commit)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if result.failed:
                token = excel.stash_failed(request.user, result)
                result.token = token
            elif not result.dry_run:
                messages.success(request, f"已导入 {result.saved} 名会员。")
                return redirect("members:list")
    return render(request, "members/import.html", {"form": form, "result": result})


@login_required
@require_GET
def import_failed(request, token):
    _need(request.user, "member.import")
    data = excel.fetch_failed(request.user, token)
    if data is None:
        raise Http404("文件已过期，请重新上传。")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="member-import-errors.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
