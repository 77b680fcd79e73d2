"""The volunteer as a kind of person (``people.kinds``): registered in ``VolunteersConfig.ready``."""

from django.contrib import messages
from django.shortcuts import redirect

from people.kinds import Importer, Kind
from volunteers import excel, forms, privacy, selectors, tasks
from volunteers.filters import VolunteerFilter
from volunteers.models import Volunteer
from volunteers.views.register import detail_page


def listed(request):
    qs = selectors.with_hours(Volunteer.objects.visible_to(request.user).select_related("org"))
    return VolunteerFilter(request.GET, queryset=qs).qs


def full_workbook(queryset, *, watermark) -> bytes:
    rows = excel.volunteer_export_rows(queryset, full=True)
    return excel.workbook_bytes(excel.VOLUNTEER_EXPORT_HEADER, rows, watermark=watermark)


def finish_import(request, result, *, what, **_):
    if result.saved:
        messages.success(request, f"已导入 {result.total} 行。")
        return redirect("volunteers:list" if what == "volunteers" else "volunteers:records")
    return None


IMPORT = Importer(
    # one upload takes volunteers or their service records (``what``), into one org
    action="volunteer.edit", template="volunteers/import.html", form=forms.ImportForm,
    max_upload=excel.MAX_UPLOAD,
    options=lambda cleaned, request: {"what": cleaned["kind"], "org": cleaned["org"], "dry_run": cleaned["dry_run"]},
    count_rows=lambda data, *, what, **_: excel.count_rows(data, what), is_big=tasks.is_big_import,
    start=lambda *, what, **job: tasks.start_import(kind=what, **job),
    run=lambda data, *, what, **run: excel.import_file(data, what, **run), finish=finish_import,
)

VOLUNTEER = Kind(
    name="volunteer", model=Volunteer, label="志愿者", namespace="volunteers", page=detail_page,
    data_file=privacy.data_file, full_workbook=full_workbook, listed=listed,
    also_erased={"skills": ""}, after_erase=privacy.close_account, related=("org", "user", "member"),
    history_labels={"id_number": "身份证号", "phone": "手机号", "org": "管理组织"},
    erased_notice="已删除该志愿者的个人信息；服务记录保留用于统计。", importer=IMPORT,
)
