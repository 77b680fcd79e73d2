from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from lib.replica import heavy
from orgs import scoping
from orgs.models import BODY_LEVELS, Organization
from reports import excel
from reports.forms import StatisticsForm, YearEndForm
from reports.models import YearEndReport
from reports.report import build_report, page_report
from reports.services import submit_year_end_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_from(request, build=build_report, **options):
    scoping.require(request.user, "stats.view")
    form = StatisticsForm.from_request(request)
    if not form.is_valid():
        return form, None
    root = form.cleaned_data["org"]
    scoping.require(request.user, "stats.view", root)
    return form, build(root, form.cleaned_data["as_of"], form.cleaned_data["base_year"], **options)


@login_required
@require_GET
@heavy
def statistics_page(request):
    form, report = _report_from(request, page_report, refresh=request.GET.get("refresh") == "1")
    year_end = None
    if report and report.root.level in BODY_LEVELS:
        year = report.on.year
        children = scoping.scope(Organization.objects.get_children(report.root), request.user) \
            .filter(level__in=BODY_LEVELS)
        reports = YearEndReport.objects.visible_to(request.user)
        reported = dict(reports.filter(org__in=children, year=year)
                        .values_list("org_id", "submitted_at"))
        year_end = {"year": year, "rows": [(c, reported.get(c.pk)) for c in children],
                    "own": reports.filter(org=report.root, year=year).first(),
                    "can_submit": scoping.can(request.user, "stats.submit_year_end", report.root)}
    return render(request, "reports/statistics.html", {
        "form": form, "report": report, "report_seconds": settings.PORTAL["STATS_CACHE_SECONDS"],
        "year_end": year_end, "year_end_form": YearEndForm(
            initial={"year": timezone.localdate().year, "base_year": form.data.get("base_year")}),
    })


@login_required
@require_GET
@heavy
def statistics_export(request):
    form, report = _report_from(request)
    if report is None:
        return render(request, "reports/statistics.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(excel.workbook_bytes(report), content_type=XLSX)
    filename = f"statistics-{report.root.pk}-{report.on:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def year_end_submit(request, pk):
    body = scoping.get_visible_or_404(Organization, request.user, pk=pk)
    scoping.require(request.user, "stats.submit_year_end", body)
    form = YearEndForm(request.POST)
    if form.is_valid():
        try:
            submit_year_end_report(body, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"{form.cleaned_data['year']}年度统计已报送上级红十字会。")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect(f"{reverse('reports:statistics')}?org={body.pk}")
