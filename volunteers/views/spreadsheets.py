"""Excel export of volunteers and service records, and the import's templates; the import itself
is ``people.views.import_upload``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from lib import audit
from lib.excel import write as xlsx
from orgs import scoping
from volunteers import excel, tasks


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
