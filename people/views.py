"""The pages every kind of person shares, written once and routed per kind from each app's
``urls.py`` with ``{"kind": "member"}``: find by ID, 显示完整信息, the personal-data file, erasure,
the full export and the Excel import. Every object comes through ``orgs.scoping`` (404 out of scope, 403 wrong role)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lib import pii
from lib.excel import write as xlsx
from lib.formpages import add_errors, disclosed, submitted
from orgs import scoping
from orgs.forms import IdSearchForm, ReasonForm
from people import kinds, privacy


def _person(request, kind: kinds.Kind, pk: int):
    return scoping.get_visible_or_404(kind.queryset(), request.user, pk=pk)


def _detail_url(kind: kinds.Kind, person) -> str:
    return reverse(f"{kind.namespace}:detail", args=[person.pk])


@never_cache
@login_required
@require_POST
def find_by_id(request, *, kind: str):
    """Full-ID search: by POST, through the blind index; never in a URL."""
    kind = kinds.get(kind)
    scoping.require(request.user, f"{kind.name}.view")
    form = IdSearchForm(request.POST)
    if form.is_valid():
        digest = pii.id_hash(form.cleaned_data["id_number"])
        person = kind.model.objects.visible_to(request.user).filter(id_hash=digest).first()
        if person:
            return redirect(_detail_url(kind, person))
    messages.warning(request, f"在您管辖范围内未找到该身份证号码对应的{kind.label}。")
    return redirect(f"{kind.namespace}:list")


@never_cache
@login_required
@require_POST
def reveal(request, pk, *, kind: str):
    """显示完整信息: allowed roles only, with a stated reason, within the hourly limit; logged."""
    kind = kinds.get(kind)
    person = _person(request, kind, pk)
    form = ReasonForm(request.POST, auto_id="reveal_%s")
    _, status = disclosed(form, partial(privacy.reveal, person, by=request.user, request=request))
    return kind.page(request, person, revealed=status == 200, reveal_form=form, status=status)


@never_cache
@login_required
@require_POST
def personal_data(request, pk, *, kind: str):
    """The person's own data, on their request, as one file (reason, hourly limit, audit-logged)."""
    kind = kinds.get(kind)
    person = _person(request, kind, pk)
    form = ReasonForm(request.POST, auto_id="data_%s")
    data, status = disclosed(form, partial(privacy.personal_data, person, by=request.user, request=request))
    if data is None:
        return kind.page(request, person, data_form=form, status=status)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind.name}-{kind.reference(person)}.json"'
    return response


@never_cache
@login_required
@require_POST
def erase(request, pk, *, kind: str):
    """删除个人信息 on the person's request: admins only, with a reason; irreversible."""
    kind = kinds.get(kind)
    person = _person(request, kind, pk)
    scoping.require(request.user, f"{kind.name}.erase", person)
    form = ReasonForm(request.POST)
    done = submitted(request, form, partial(privacy.erase, person, by=request.user, request=request),
                     success=kind.erased_notice, then=_detail_url(kind, person))
    return done or kind.page(request, person, reason_form=form)


@never_cache
@login_required
@require_POST
def export_full(request, *, kind: str):
    """Whole IDs and phones: role + the account's grant + a reason; audit-logged (checklist row 16).
    The filter comes in the query string (no personal data in it), the reason in the body."""
    kind = kinds.get(kind)
    scoping.require(request.user, f"{kind.name}.export_full")
    listed = kind.listed(request)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(f"{reverse(f'{kind.namespace}:list')}?{request.GET.urlencode()}")
    data = privacy.full_export(kind, listed, by=request.user, reason=form.cleaned_data["reason"], request=request)
    return xlsx.download(data, f"{kind.namespace}-full.xlsx")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, *, kind: str):
    """Upload → every bad row listed with its reasons, nothing saved unless all rows are good;
    thousands of rows go to a background job (all or none there too)."""
    importer = kinds.get(kind).importer
    scoping.require(request.user, importer.action)
    form = importer.form(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        options = importer.options(form.cleaned_data, request)
        try:
            data = form.cleaned_data["file"].read(importer.max_upload + 1)
            rows = importer.count_rows(data, **options)
            if importer.is_big(rows):
                return redirect("jobs:detail", importer.start(by=request.user, data=data, rows=rows, **options).pk)
            result = importer.run(data, by=request.user, **options)
        except ValidationError as exc:
            add_errors(form, exc, field="file")
        else:
            done = importer.finish(request, result, **options)
            if done:
                return done
    return render(request, importer.template, {"form": form, "result": result})
