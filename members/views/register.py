"""The register of members: list, search by ID, the member page, create, edit, leave, dues, honours."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import history, paging
from lib.formpages import acted, submitted
from members import services
from members.forms import (
    DuesForm,
    HonourForm,
    MemberForm,
)
from members.models import Member
from members.views.common import detail_url, filtered, need, showing_former
from orgs import scoping
from orgs.forms import IdSearchForm, ReasonForm
from orgs.models import Organization
from people.models import HISTORY_MASK


def _members():
    return Member.objects.with_lapse().select_related("org")


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
    need(request.user, "member.view")
    f = filtered(request)
    # the page's rows are read by the keys the scoped list query found: no wider than that query
    rows = scoping.allow_unscoped(Member.objects.select_related("org").only(*LIST_COLUMNS))
    page = paging.cursor_page(request, f.qs, ("-joined_on", "-pk"), rows=rows)
    link = paging.row_links("members:detail")
    return render(request, "members/list.html", {
        "filter": f, "page": page, "rows": [_list_row(member, link) for member in page],
        "id_form": IdSearchForm(), "former": showing_former(request),
        "can_edit": scoping.can(request.user, "member.edit"),
        "can_import": scoping.can(request.user, "member.import"),
        "can_export_full": scoping.can(request.user, "member.export_full"), "reason_form": ReasonForm(),
    })


def detail_page(request, member, *, revealed=False, reason_form=None, reveal_form=None, data_form=None, status=200):
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
    return detail_page(request, member)


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
@require_http_methods(["GET", "POST"])
def member_create(request):
    need(request.user, "member.edit")
    form = MemberForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.create_member, by=request.user),
                     success=lambda member: f"已登记会员，编号 {member.number}。", then=detail_url)
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
                     success="会员信息已保存。", then=detail_url(member))
    return done or render(request, "members/form.html", {"form": form, "title": f"编辑会员 {member.number}"})


@login_required
@require_POST
def member_leave(request, pk):
    member = scoping.get_visible_or_404(Member, request.user, pk=pk)
    return acted(request, partial(services.leave, member, by=request.user), success="已办理退会。",
                 then=detail_url(member))


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
