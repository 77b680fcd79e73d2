"""The member as a kind of person (``people.kinds``): registered in ``MembersConfig.ready``."""

from django.http import Http404

from members import excel, privacy
from members.models import Member
from members.views.common import filtered, showing_former
from members.views.register import detail_page
from people.kinds import Kind


def listed(request):
    """The list's rows as filtered; members who left by transfer are never exported whole."""
    if showing_former(request):
        raise Http404
    return filtered(request).qs.order_by("number")


MEMBER = Kind(
    name="member", model=Member, label="会员", namespace="members", page=detail_page,
    data_file=privacy.data_file, full_workbook=excel.full_export_bytes, listed=listed,
    reference=lambda member: member.number,
    also_erased={"contact_person": "", "birth_date": None, "gender": ""}, after_erase=privacy.erase_linked,
    erased_notice="已删除该会员的个人信息；会籍记录保留用于统计。",
)
