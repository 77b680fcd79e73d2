"""The member as a kind of person (``people.kinds``): registered in ``MembersConfig.ready``."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from members import excel, privacy, tasks
from members.forms import ImportForm
from members.models import Member
from members.views.common import filtered, showing_former
from members.views.register import detail_page
from people.kinds import Importer, Kind


def listed(request):
    """The list's rows as filtered; members who left by transfer are never exported whole."""
    if showing_former(request):
        raise Http404
    return filtered(request).qs.order_by("number")


def finish_import(request, result, *, dry_run):
    """Bad rows are kept for download (the failed-rows file); a good import goes to the list."""
    if result.failed:
        result.token = excel.stash_failed(request.user, result)
    elif not dry_run:
        messages.success(request, f"已导入 {result.saved} 名会员。")
        return redirect("members:list")
    return None


IMPORT = Importer(
    action="member.import", template="members/import.html", max_upload=excel.MAX_UPLOAD,
    form=lambda data, files, *, user: ImportForm(data, files),
    options=lambda cleaned, request: {"dry_run": request.POST.get("commit") != "1"},
    count_rows=lambda data, **_: excel.count_rows(data), is_big=tasks.is_big_import,
    start=lambda *, dry_run, **job: tasks.start_import(commit=not dry_run, **job),
    run=excel.import_members, finish=finish_import,
)

MEMBER = Kind(
    name="member", model=Member, label="会员", namespace="members", page=detail_page,
    data_file=privacy.data_file, full_workbook=excel.full_export_bytes, listed=listed,
    reference=lambda member: member.number,
    also_erased={"contact_person": "", "birth_date": None, "gender": ""}, after_erase=privacy.erase_linked,
    erased_notice="已删除该会员的个人信息；会籍记录保留用于统计。", importer=IMPORT,
)
