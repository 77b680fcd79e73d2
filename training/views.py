"""Training pages: the classes of the user's subtree, one class's roster (entered or imported),
attendance and results."""

import secrets
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.excel import write as xlsx
from lib.formpages import add_errors, submitted
from orgs import scoping
from training import forms, imports, services
from training.models import CERTIFYING, TrainingClass


def _class(request, pk, action="training.view") -> TrainingClass:
    klass = scoping.get_visible_or_404(TrainingClass.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, action, klass)
    return klass


def _url(klass) -> str:
    return reverse("training:class", args=[klass.pk])


@login_required
@never_cache
@require_GET
def class_list(request):
    scoping.require(request.user, "training.view")
    qs = TrainingClass.objects.visible_to(request.user).select_related("org")
    return render(request, "training/class_list.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")),
        "can_edit": scoping.can(request.user, "training.edit")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def class_create(request):
    scoping.require(request.user, "training.edit")
    form = forms.ClassForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(services.create_class, by=request.user), then=_url,
                     success="培训班已登记。")
    return done or render(request, "training/form.html", {"form": form, "title": "登记培训班"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def class_detail(request, pk):
    """The roster with its results; a POST adds one trainee."""
    klass = _class(request, pk)
    form = forms.TraineeForm(request.POST or None)
    if request.method == "POST":
        scoping.require(request.user, "training.edit", klass)
        done = submitted(request, form, partial(services.add_trainee, klass, by=request.user), then=_url(klass),
                         success="已加入名册。")
        if done:
            return done
    return render(request, "training/class_detail.html", {
        "k": klass, "form": form, "upload_form": forms.RosterUploadForm(),
        "seats": klass.enrollments.select_related("trainee", "certificate"),
        "can_certify": klass.kind in CERTIFYING and scoping.can(request.user, "training.certify", klass),
        "can_edit": scoping.can(request.user, "training.edit", klass)})


def _score(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise ValidationError("成绩应为 0 至 100 的整数。")
    return int(text)


@login_required
@never_cache
@require_POST
def results(request, pk):
    klass = _class(request, pk, "training.edit")
    try:
        sheet = {seat.pk: (request.POST.get(f"attended-{seat.pk}") == "1", _score(request.POST.get(f"score-{seat.pk}")))
                 for seat in klass.enrollments.all()}
        services.record_results(klass, by=request.user, results=sheet)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages) + " 未保存任何成绩。")
    else:
        messages.success(request, "出勤与成绩已保存。")
    return redirect(_url(klass))


def _stash_key(user, klass, token) -> str:
    return f"training:import-failed:{user.pk}:{klass.pk}:{token}"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def roster_import(request, pk):
    klass = _class(request, pk, "training.edit")
    form = forms.RosterUploadForm(request.POST or None, request.FILES or None)
    result, token = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.import_roster(klass, form.cleaned_data["file"].read(imports.MAX_UPLOAD + 1),
                                           by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if not result.failed:
                messages.success(request, f"已导入 {result.saved} 名学员。")
                return redirect(_url(klass))
            token = secrets.token_urlsafe(16)
            cache.set(_stash_key(request.user, klass, token), imports.error_workbook(result), 3600)
    return render(request, "training/import.html", {"k": klass, "form": form, "result": result, "token": token,
                                                    "headers": imports.HEADERS, "keys": imports.KEYS})


@login_required
@require_GET
def import_failed(request, pk, token):
    klass = _class(request, pk, "training.edit")
    data = cache.get(_stash_key(request.user, klass, token))
    if data is None:
        raise Http404("文件已过期，请重新上传。")
    return xlsx.download(data, "roster-import-errors.xlsx")


@login_required
@require_GET
def import_template(request):
    scoping.require(request.user, "training.edit")
    return xlsx.download(imports.template(), "roster-template.xlsx")
