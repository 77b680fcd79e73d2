"""博爱家园 projects and distributions to households: registers per org and year, Excel export."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import audit
from lib.excel import write as xlsx
from lib.formpages import acted, submitted
from orgs import scoping
from relief import exports, forms, projects, tasks
from relief.models import PROJECT_NEXT, Distribution, Project, ProjectDocument, ProjectStatus

FORM = "relief/form.html"


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100:  # "²" is a digit, not an int
        return int(value)
    return timezone.localdate().year


def _project(request, pk, action="relief.view") -> Project:
    project = scoping.get_visible_or_404(Project.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, action, project)
    return project


def _url(project) -> str:
    return reverse("relief:project", args=[project.pk])


@login_required
@never_cache
@require_GET
def project_list(request):
    scoping.require(request.user, "relief.view")
    year = _year(request)
    qs = Project.objects.visible_to(request.user).running_in(year).select_related("org")
    return render(request, "relief/project_list.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "year": year,
        "can_edit": scoping.can(request.user, "relief.edit")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def project_create(request):
    scoping.require(request.user, "relief.edit")
    form = forms.ProjectForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(projects.create_project, by=request.user), then=_url,
                     success="项目已登记。")
    return done or render(request, FORM, {"form": form, "title": "登记项目"})


@login_required
@never_cache
@require_GET
def project_detail(request, pk):
    project = _project(request, pk)
    return render(request, "relief/project_detail.html", {
        "p": project, "money": projects.money(project), "fundings": project.fundings.all(),
        "expenses": project.expenses.all(), "documents": project.documents.all(),
        "distributions": project.distributions.all(),
        "next": [ProjectStatus(s) for s in sorted(PROJECT_NEXT[project.status])],
        "can_edit": scoping.can(request.user, "relief.edit", project),
        "funding_form": forms.FundingForm(), "expense_form": forms.ExpenseForm(),
        "document_form": forms.DocumentForm()})


@login_required
@never_cache
@require_POST
def project_move(request, pk, status):
    project = _project(request, pk, "relief.edit")
    if status not in ProjectStatus.values:
        raise Http404("未知状态。")
    return acted(request, lambda: projects.move_project(project, status, by=request.user),
                 success=f"项目已转为“{ProjectStatus(status).label}”。", then=_url(project))


PARTS = {"funding": (forms.FundingForm, projects.add_funding, "资金来源已登记。"),
         "expense": (forms.ExpenseForm, projects.add_expense, "支出已登记。"),
         "document": (forms.DocumentForm, projects.add_document, "文件已上传。")}


@login_required
@never_cache
@require_POST
def project_add(request, pk, part):
    """One of the project's own lists: a funding source, an expense, a document or photo."""
    project = _project(request, pk, "relief.edit")
    if part not in PARTS:
        raise Http404("未知操作。")
    form_class, service, success = PARTS[part]
    form = form_class(request.POST, request.FILES)
    done = submitted(request, form, partial(service, project, by=request.user), then=_url(project), success=success)
    return done or render(request, FORM, {"form": form, "title": f"{project.name}：补充信息", "multipart": True},
                          status=400)


@login_required
@never_cache
@require_GET
def project_document(request, pk):
    document = scoping.get_visible_or_404(ProjectDocument.objects.select_related("project__org"), request.user,
                                          pk=pk)
    scoping.require(request.user, "relief.view", document)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@never_cache
@require_GET
def distribution_list(request):
    scoping.require(request.user, "relief.view")
    year = _year(request)
    qs = Distribution.objects.visible_to(request.user).filter(held_on__year=year).select_related("org", "project")
    return render(request, "relief/distribution_list.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "year": year,
        "can_edit": scoping.can(request.user, "relief.edit")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def distribution_create(request):
    scoping.require(request.user, "relief.edit")
    form = forms.DistributionForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(projects.record_distribution, by=request.user),
                     then=reverse("relief:distributions"), success="发放记录已登记。")
    return done or render(request, FORM, {"form": form, "title": "登记发放"})


@login_required
@never_cache
@require_POST
def export(request):
    """The year's projects and distributions of the user's subtree, two sheets; a big year is
    written by a background job with a progress page."""
    scoping.require(request.user, "relief.view")
    year = _year(request)
    plans, given = exports.year_lists(request.user, year)
    count = plans.count() + given.count()
    audit.record("relief.project_export", request=request, count=count, year=year)
    if tasks.is_big_export(count):
        return redirect("jobs:detail", tasks.start_year_export(by=request.user, year=year).pk)
    return xlsx.response(lambda fh: exports.write_year_lists(year, plans, given, fh), f"项目与发放-{year}.xlsx")
