"""The body above's pages of its child bodies' year-end figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from notices import year_end as service
from orgs import scoping
from reports.models import YearEndReport


def _year(value) -> int:
    today = timezone.localdate()
    try:
        year = int(value)
    except (TypeError, ValueError):
        return service.default_year(today)
    return year if 2000 <= year <= today.year else service.default_year(today)


@login_required
@require_GET
def year_end(request):
    body = request.user.org
    scoping.require(request.user, "stats.view", body)
    year = _year(request.GET.get("year"))
    rows = service.children_status(body, year) if body.is_body else []
    return render(request, "notices/year_end.html", {
        "body": body, "year": year, "rows": rows, "compare": service.compare(rows) if rows else [],
        "years": range(timezone.localdate().year, 2019, -1),
        "can_manage": scoping.can(request.user, "stats.submit_year_end", body)})


@login_required
@require_POST
def year_end_remind(request):
    year = _year(request.POST.get("year"))
    try:
        count = service.remind(request.user.org, year=year, by=request.user)
        messages.success(request, f"已向 {count} 个未报送单位发出催报（每个单位每天最多一次）。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(f"{request.path.rsplit('remind/', 1)[0]}?year={year}")


@login_required
@require_GET
def year_end_report(request, pk):
    report = scoping.get_visible_or_404(YearEndReport.objects.select_related("org", "submitted_by"),
                                        request.user, pk=pk)
    scoping.require(request.user, "stats.view", report.org)
    can_return = (report.org_id != request.user.org_id
                  and scoping.can(request.user, "stats.submit_year_end", report.org))
    return render(request, "notices/year_end_report.html", {
        "report": report, "rows": service.figures_rows(report), "can_return": can_return,
        "error": request.GET.get("error") == "1"})


@login_required
@require_POST
def year_end_return(request, pk):
    report = scoping.get_visible_or_404(YearEndReport.objects.select_related("org"), request.user, pk=pk)
    try:
        service.return_report(report, by=request.user, comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        return render(request, "notices/year_end_report.html", {
            "report": report, "rows": service.figures_rows(report), "can_return": True,
            "comment_error": exc.messages[0], "comment": request.POST.get("comment", "")})
    messages.success(request, f"已退回{report.org.name}的{report.year}年度统计。")
    return redirect(f"/notices/year-end/?year={report.year}")
