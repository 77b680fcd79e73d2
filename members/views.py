from functools import partial

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

from lib import audit, history, identity, paging, proxies
from lib.excel import write as xlsx
from lib.formpages import acted, add_errors, disclosed, submitted
from members import excel, pii, privacy, services, tasks
from members.forms import (
    ApplicationForm,
    DuesForm,
    HonourForm,
    ImportForm,
    MemberFilter,
    MemberForm,
    RejectForm,
    TransferForm,
)
from members.models import Application, Member, Status, Transfer
from orgs import scoping
from orgs.forms import IdSearchForm, ReasonForm
from orgs.models import GRASSROOTS_LEVELS, Organization, OrgStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _detail_url(member) -> str:
    return reverse("members:detail", args=[member.pk])


def client_ip(request) -> str:
    return proxies.client_ip(request) or ""


def _need(user, action):
    if not scoping.can(user, action):
        raise PermissionDenied("您没有执行此操作的权限。")


def _members():
    return Member.objects.with_lapse().select_related("org")


def _showing_former(request) -> bool:
    return request.GET.get("status") == Status.TRANSFERRED


def _filtered(request):
    """The list's rows; 状态 = 已转出 lists members who have left the user's subtree by transfer."""
    base = Member.objects.all()
    base = scoping.scope_former(base, request.user) if _showing_former(request) else base.visible_to(request.user)
    qs = base.with_lapse().select_related("org")
    return MemberFilter(request.GET or None, queryset=qs, user=request.user)


#: what the list shows of a member (``_list_row``), and all it reads
LIST_COLUMNS = ("number", "name", "kind", "id_number", "phone", "joined_on", "status", "org__name")


def _list_row(member, link) -> dict:
    """One row of the list, its cells worked out here: the template's lookups per cell (``m.org.name``,
    ``m.get_kind_display`` …) cost several times more on a 50-row page (bench/RESULTS-load.md)."""
    return {"url": link(member.pk), "number": member.number,
            "name": member.name, "kind": member.get_kind_display(), "id": member.masked_id,
            "phone": member.masked_phone, "org": member.org.name, "joined_on": f"{member.joined_on:%Y-%m-%d}",
            "status": member.effective_status_label()}


@never_cache
@login_required
@require_GET
def member_list(request):
    _need(request.user, "member.view")
    f = _filtered(request)
    # the page's rows are read by the keys the scoped list query found: no wider than that query
    rows = scoping.allow_unscoped(Member.objects.select_related("org").only(*LIST_COLUMNS))
    page = paging.cursor_page(request, f.qs, ("-joined_on", "-pk"), rows=rows)
    link = paging.row_links("members:detail")
    return render(request, "members/list.html", {
        "filter": f, "page": page, "rows": [_list_row(member, link) for member in page],
        "id_form": IdSearchForm(), "former": _showing_former(request),
        "can_edit": scoping.can(request.user, "member.edit"),
        "can_import": scoping.can(request.user, "member.import"),
        "can_export_full": scoping.can(request.user, "member.export_full"), "reason_form": ReasonForm(),
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


#: how the field history shows personal data: masked, always (a full view is the logged action)
HISTORY_MASK = {"id_number": pii.masked_id, "phone": identity.mask_phone}


def _detail(request, member, *, revealed=False, reason_form=None, reveal_form=None, data_form=None, status=200):
    return render(request, "members/detail.html", {
        "member": member, "revealed": revealed,
        "changes": history.changes(member, mask=HISTORY_MASK),
        "spells": member.spells.select_related("org", "counterpart"),
        "payments": member.payments.all(),
        "transfers": member.transfers.select_related("from_org", "to_org"),
        "honours": member.honours.all(),
        "can_edit": scoping.can(request.user, "member.edit", member),
        "can_reveal": scoping.can(request.user, "member.reveal_pii", member),
        "can_personal_data": scoping.can(request.user, "member.personal_data", member),
        "can_erase": scoping.can(request.user, "member.erase", member) and not member.erased_at,
        "reason_form": reason_form or ReasonForm(),
        "reveal_form": reveal_form or ReasonForm(auto_id="reveal_%s"),
        "data_form": data_form or ReasonForm(auto_id="data_%s"),
        "dues_form": DuesForm(),
        "volunteer": _visible_volunteer(request.user, member),
    }, status=status)


def _visible_volunteer(user, member):
    """The volunteer record of the same person (volunteers app owns the link), if the viewer may see it."""
    volunteer = getattr(member, "volunteer", None)
    return volunteer if volunteer is not None and scoping.can(user, "volunteer.view", volunteer) else None


@never_cache
@login_required
@require_GET
def member_detail(request, pk):
    member = scoping.scope(_members(), request.user).filter(pk=pk).first()
    if member is None:
        return _former_detail(request, pk)
    scoping.require(request.user, "member.view", member)
    return _detail(request, member)


def _former_detail(request, pk):
    """A member transferred out of the user's subtree: the history at the user's orgs and the
    transfer record, read-only, personal data masked; every write stays 404 (``scope``)."""
    member = scoping.get_former_or_404(_members(), request.user, pk=pk)
    scoping.require(request.user, "member.view")
    mine = scoping.visible_orgs(request.user)
    return render(request, "members/former_detail.html", {
        "member": member,
        "spells": member.spells.filter(org__in=mine).select_related("org", "counterpart"),
        "transfers": member.transfers.filter(from_org__in=mine).select_related("from_org", "to_org"),
        "payments": member.payments.filter(org__in=mine),
    })


@never_cache
@login_required
@require_POST
def member_reveal(request, pk):
    """显示完整信息: allowed roles only, with a stated reason, within the hourly limit; logged."""
    member = scoping.get_visible_or_404(_members(), request.user, pk=pk)
    form = ReasonForm(request.POST, auto_id="reveal_%s")
    _, status = disclosed(form, partial(services.reveal, member, by=request.user, request=request))
    return _detail(request, member, revealed=status == 200, reveal_form=form, status=status)


@never_cache
@login_required
@require_POST
def member_personal_data(request, pk):
    """The member's own data, on their request, as one file (reason, hourly limit, audit-logged)."""
    member = scoping.get_visible_or_404(_members(), request.user, pk=pk)
    form = ReasonForm(request.POST, auto_id="data_%s")
    data, status = disclosed(form, partial(privacy.personal_data, member, by=request.user, request=request))
    if data is None:
        return _detail(request, member, data_form=form, status=status)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="member-{member.number}.json"'
    return response


@never_cache
@login_required
@require_POST
def member_erase(request, pk):
    """删除个人信息 on the member's request: admins only, with a reason; irreversible."""
    member = scoping.get_visible_or_404(_members(), request.user, pk=pk)
    scoping.require(request.user, "member.erase", member)
    form = ReasonForm(request.POST)
    done = submitted(request, form, partial(privacy.erase, member, by=request.user, request=request),
                     success="已删除该会员的个人信息；会籍记录保留用于统计。", then=_detail_url(member))
    return done or _detail(request, member, reason_form=form)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    _need(request.user, "member.edit")
    form = MemberForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.create_member, by=request.user),
                     success=lambda member: f"已登记会员，编号 {member.number}。", then=_detail_url)
    return done or render(request, "members/form.html", {"form": form, "title": "登记会员"})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    scoping.require(request.user, "member.edit", member)
    initial = {f: getattr(member, f) for f in ("kind", "name", "in_school", "phone", "credit_code",
                                                "contact_person")}
    form = MemberForm(request.POST or None, initial=initial, user=request.user, member=member)
    done = submitted(request, form, partial(services.update_member, member, by=request.user),
                     success="会员信息已保存。", then=_detail_url(member))
    return done or render(request, "members/form.html", {"form": form, "title": f"编辑会员 {member.number}"})


@login_required
@require_POST
def member_leave(request, pk):
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    return acted(request, partial(services.leave, member, by=request.user), success="已办理退会。",
                 then=_detail_url(member))


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


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def transfer_request(request, pk):
    """Find the receiving org by name (anywhere in the country), pick it, give a reason, submit."""
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    scoping.require(request.user, "member.edit", member)
    search = request.GET.get("q") or request.POST.get("q", "")
    form = TransferForm(request.POST or None, search=search)
    done = submitted(request, form, partial(services.request_transfer, member, by=request.user),
                     success="已提交转接申请，等待转入组织接收。", then=_detail_url(member))
    return done or render(request, "members/transfer.html", {"member": member, "form": form})


@never_cache
@login_required
@require_GET
def transfer_queue(request):
    _need(request.user, "member.edit")
    # Incoming transfers come from outside the subtree: narrowed by their target org instead.
    incoming = scoping.allow_unscoped(Transfer.objects.filter(state=Transfer.State.PENDING,
                                                              to_org__in=scoping.visible_orgs(request.user)))
    return render(request, "members/transfers.html", {
        "incoming": incoming.select_related("member", "from_org", "to_org"),
        "outgoing": Transfer.objects.visible_to(request.user).filter(state=Transfer.State.PENDING)
        .select_related("member", "from_org", "to_org"),
    })


@login_required
@require_POST
def transfer_decide(request, pk):
    incoming = scoping.allow_unscoped(Transfer.objects.filter(to_org__in=scoping.visible_orgs(request.user)))
    transfer = get_object_or_404(incoming, pk=pk)
    decide = partial(services.decide_transfer, transfer, by=request.user, accept=request.POST.get("accept") == "1")
    return acted(request, decide, success="转接申请已处理。", then=reverse("members:transfers"))


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def member_export(request):
    """The default export: ID and phone masked; the filter in the query string, logged with its count.
    A POST: it may start a background job."""
    _need(request.user, "member.view")
    qs = _filtered(request).qs.order_by("number")
    count = qs.count()
    audit.record_export("member.export", request=request, count=count)
    if count > settings.PORTAL["EXPORT_SYNC_MAX_ROWS"]:  # big: a background job with a progress bar
        job = tasks.start_export(by=request.user, filters=request.GET)
        return redirect("jobs:detail", job.pk)
    return xlsx.response(lambda dest: excel.export_members(qs, dest), "members.xlsx")


@never_cache
@login_required
@require_POST
def member_export_full(request):
    """Whole IDs and phones: role + the account's grant + a reason; audit-logged (checklist row 16).
    The filter comes in the query string (no personal data in it), the reason in the body."""
    _need(request.user, "member.export_full")
    if _showing_former(request):  # members who left by transfer are never exported whole
        raise Http404
    form = ReasonForm(request.POST)
    if form.is_valid():
        data = privacy.full_export(_filtered(request).qs.order_by("number"), by=request.user,
                                   reason=form.cleaned_data["reason"], request=request)
        return _xlsx(data, "members-full.xlsx")
    messages.error(request, form.error_text())
    return redirect(f"{reverse('members:list')}?{request.GET.urlencode()}")


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
                add_errors(form, exc)
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
    page = Paginator(apps.with_duplicates(request.user).select_related("org"), 50).get_page(request.GET.get("page"))
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
    response = HttpResponse(excel.template_bytes(request.user), content_type=XLSX)
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
            add_errors(form, exc)
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
