"""Excel import and export of volunteers and service records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import audit
from lib.excel import write as xlsx
from orgs import scoping
from volunteers import excel, forms, tasks


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def import_view(request):
    """Upload → every bad row listed with reasons; nothing saved unless all rows are good."""
    scoping.require(request.user, "volunteer.edit")
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            content = data["file"].read()
            rows = excel.count_rows(content, data["kind"])
            if tasks.is_big_import(rows):  # thousands of rows: the worker runs them, all or none
                job = tasks.start_import(by=request.user, data=content, kind=data["kind"], org=data["org"],
                                         dry_run=data["dry_run"], rows=rows)
                return redirect("jobs:detail", job.pk)
            result = excel.import_file(content, data["kind"], org=data["org"], by=request.user,
                                       dry_run=data["dry_run"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if result.saved:
                messages.success(request, f"已导入 {result.total} 行。")
                return redirect("volunteers:list" if data["kind"] == "volunteers" else "volunteers:records")
    return render(request, "volunteers/import.html", {"form": form, "result": result})


@login_required
@require_GET
def import_template(request, kind):
    scoping.require(request.user, "volunteer.edit")
    if kind not in excel.IMPORTERS:
        raise Http404("未找到该模板。")
    return xlsx.download(excel.template_bytes(kind), f"{kind}_template.xlsx")


@login_required
@require_POST
def export_volunteers(request):
    scoping.require(request.user, "volunteer.view")
    return _export(request, "volunteers")


#: the audit action of each masked export
EXPORT_ACTIONS = {"volunteers": "volunteer.export", "records": "volunteer.records_export"}


def _export(request, kind: str):
    """Small exports stream back at once; big ones become a background job with a progress bar.
    A POST (it may start a job), the filter in the query string, logged with its count."""
    qs = tasks.export_queryset(kind, request.user, request.GET)
    count = qs.count()
    audit.record_export(EXPORT_ACTIONS[kind], request=request, count=count)
    if tasks.is_big_export(count):
        return redirect("jobs:detail", tasks.start_export(kind, by=request.user, filters=request.GET).pk)
    return xlsx.response(lambda dest: excel.export(kind, qs, dest), excel.EXPORTS[kind][4])


@login_required
@require_POST
def export_records(request):
    scoping.require(request.user, "volunteer.view")
    return _export(request, "records")
