"""What a member's personal data is, for the shared privacy services (``people.privacy``: reveal,
the personal-data file, erasure, full export — checklist rows 15–16): the sections of the member's
file, and what erasure clears beside the member's row (linked applications and honours)."""

from django.db.models import Q

from lib import pii
from members.models import Application, Honour, Member
from people.privacy import erase, field_history, full_export, personal_data, reveal

__all__ = ["data_file", "erase", "erase_linked", "full_export", "personal_data", "reveal"]


def _member_fields(m: Member) -> dict:
    return {
        "会员编号": m.number, "会员类别": m.get_kind_display(), "姓名/单位名称": m.name,
        "性别": m.get_gender_display(), "身份证号码": m.full_id, "出生日期": m.birth_date,
        "在校学生": m.in_school, "手机号码": m.phone, "统一社会信用代码": m.credit_code,
        "联系人": m.contact_person, "所属组织": m.org.name, "入会日期": m.joined_on,
        "状态": m.effective_status_label(), "退会日期": m.left_on, "登记时间": m.created_at,
    }


def data_file(member: Member) -> dict:
    applications = Application.objects.filter(Q(member=member) | Q(id_hash=member.id_hash or "-"))
    return {
        "会员信息": _member_fields(member),
        "会籍记录": [{"组织": s.org.name, "开始": s.start, "方式": s.get_start_reason_display(), "结束": s.end,
                  "结束方式": s.get_end_reason_display()} for s in member.spells.select_related("org")],
        "会费": [{"年度": p.year, "金额": p.amount, "缴费日期": p.paid_on} for p in member.payments.all()],
        "关系转接": [{"转出": t.from_org.name, "转入": t.to_org.name, "状态": t.get_state_display(), "说明": t.reason}
                 for t in member.transfers.select_related("from_org", "to_org")],
        "入会申请": [{"姓名": a.name, "身份证号码": pii.unseal(a.id_number), "手机号码": a.phone,
                  "提交时间": a.created_at, "状态": a.get_state_display()} for a in applications],
        "荣誉": [{"年度": h.year, "荣誉": h.get_kind_display(), "事迹": h.citation} for h in member.honours.all()],
        "信息变更记录": field_history(member),
    }


def erase_linked(member: Member, *, placeholder: str, old_hash: str | None) -> None:
    """The member's applications (by link or by the same ID) and honours name them no more."""
    linked = Q(member=member) | Q(id_hash=old_hash) if old_hash else Q(member=member)
    Application.objects.filter(linked).update(name=placeholder, id_number="", id_hash="", phone="")
    Honour.objects.filter(member=member).update(name=placeholder, citation="")
