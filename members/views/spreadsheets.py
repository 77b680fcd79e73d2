"""Excel export (masked, or whole with a reason) and import of members."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import audit
from lib.excel import write as xlsx
from lib.formpages import add_errors
from members import excel, tasks
from members.forms import ImportForm
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


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    need(request.user, "member.import")
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
    need(request.user, "member.import")
    data = excel.fetch_failed(request.user, token)
    if data is None:
        raise Http404("文件已过期，请重新上传。")
    return xlsx.download(data, "member-import-errors.xlsx")
