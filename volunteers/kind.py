"""The volunteer as a kind of person (``people.kinds``): registered in ``VolunteersConfig.ready``."""

from people.kinds import Kind
from volunteers import excel, privacy, selectors
from volunteers.filters import VolunteerFilter
from volunteers.models import Volunteer
from volunteers.views.register import detail_page


def listed(request):
    qs = selectors.with_hours(Volunteer.objects.visible_to(request.user).select_related("org"))
    return VolunteerFilter(request.GET, queryset=qs).qs


def full_workbook(queryset, *, watermark) -> bytes:
    rows = excel.volunteer_export_rows(queryset, full=True)
    return excel.workbook_bytes(excel.VOLUNTEER_EXPORT_HEADER, rows, watermark=watermark)


VOLUNTEER = Kind(
    name="volunteer", model=Volunteer, label="志愿者", namespace="volunteers", page=detail_page,
    data_file=privacy.data_file, full_workbook=full_workbook, listed=listed,
    also_erased={"skills": ""}, after_erase=privacy.close_account, related=("org", "user", "member"),
    history_labels={"id_number": "身份证号", "phone": "手机号", "org": "管理组织"},
    erased_notice="已删除该志愿者的个人信息；服务记录保留用于统计。",
)
