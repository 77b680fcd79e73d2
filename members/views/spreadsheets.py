"""Excel export of members (masked), and the import's template and failed rows; the import itself
and the whole export are ``people.views``."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from lib import audit
from lib.excel import write as xlsx
from members import excel, tasks
from members.views.common import filtered, need


@login_required
@require_POST
def member_export(request):
    """The default export: ID and phone masked; the filter in the query string, logged with its count.
    A POST: it may start a background job."""
    need(request.user, "member.view")
    qs = filtered(request).qs.order_by("number")
    count = qs.count()
    audit.record_export("member.export", request=request, count=count)
    if count > settings.PORTAL["EXPORT_SYNC_MAX_ROWS"]:  # big: a background job with a progress bar
        job = tasks.start_export(by=request.user, filters=request.GET)
        return redirect("jobs:detail", job.pk)
    return xlsx.response(lambda dest: excel.export_members(qs, dest), "members.xlsx")


@login_required
@require_GET
def import_template(request):
    need(request.user, "member.import")
    return xlsx.download(excel.template_bytes(request.user), "member-import-template.xlsx")


@login_required
@require_GET
def import_failed(request, token):
    need(request.user, "member.import")
    data = excel.fetch_failed(request.user, token)
    if data is None:
        raise Http404("文件已过期，请重新上传。")
    return xlsx.download(data, "member-import-errors.xlsx")
