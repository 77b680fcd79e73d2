"""A member's personal data on request, and full-data exports (PIPL arts. 44–47; checklist rows 15–16).

* ``full_export``: a roster with whole ID and phone numbers — the role, the account's grant and a
  stated reason are required (``orgs.scoping``), and the export is an audit event naming every member.
* ``personal_data``: everything held about one member, as a JSON file, audit-logged.
* ``erase``: anonymise a member — name, ID, phone, birth date, contact person cleared, blind index
  removed, the same fields scrubbed from the member's field history, linked applications and honours —
  while membership spells stay, so statistics as of any date do not change.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lib import audit, history, pii
from members import excel
from members.models import Application, Honour, Member
from orgs import scoping


def full_export(queryset, *, by, reason: str, request=None) -> bytes:
    """The roster with whole IDs and phones; one audit event lists every member in it."""
    scoping.require(by, "member.export_full")
    reason = audit.stated_reason(reason)
    ids = list(queryset.values_list("pk", flat=True))
    event = audit.record("member.export_full", request=request, user=by, reason=reason, count=len(ids),
                         members=ids)
    return excel.full_export_bytes(queryset, watermark=audit.watermark(event))


def _member_fields(m: Member) -> dict:
    return {
        "会员编号": m.number, "会员类别": m.get_kind_display(), "姓名/单位名称": m.name,
        "性别": m.get_gender_display(), "身份证号码": m.full_id, "出生日期": m.birth_date,
        "在校学生": m.in_school, "手机号码": m.phone, "统一社会信用代码": m.credit_code,
        "联系人": m.contact_person, "所属组织": m.org.name, "入会日期": m.joined_on,
        "状态": m.effective_status_label(), "退会日期": m.left_on, "登记时间": m.created_at,
    }


def _history(m: Member) -> list[dict]:
    return [{"时间": h.history_date, "类型": h.get_history_type_display(), "姓名": h.name,
             "身份证号码": pii.unseal(h.id_number), "手机号码": h.phone, "所属组织": h.org_id,
             "状态": h.status, "操作人": h.history_user.username if h.history_user_id else ""}
            for h in m.history.select_related("history_user").order_by("history_date")]


def personal_data(member: Member, *, by, reason: str, request=None) -> bytes:
    """Everything the portal holds about ``member`` (a file for the person who asked), with a stated
    reason, within the hourly limit, audit-logged (``lib.audit.disclose``)."""
    scoping.require(by, "member.personal_data", member)
    return audit.personal_data_file(lambda: _everything(member), about=member, by=by, reason=reason,
                                    request=request)


def _everything(member: Member) -> dict:
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
        "信息变更记录": _history(member),
    }


@transaction.atomic
def erase(member: Member, *, by, reason: str, request=None) -> Member:
    """Anonymise ``member`` for good (删除个人信息); spells, dues and kind stay for statistics."""
    scoping.require(by, "member.erase", member)
    reason = audit.stated_reason(reason)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.erased_at:
        raise ValidationError("该会员的个人信息已删除。")
    old_hash = member.id_hash
    placeholder = f"已删除个人信息（{member.number}）"
    history.scrub(member, {"name": placeholder, "id_number": "", "phone": "", "contact_person": "",
                           "birth_date": None, "gender": ""}, id_hash=None, id_tail="", erased_at=timezone.now())
    linked = Q(member=member) | Q(id_hash=old_hash) if old_hash else Q(member=member)
    Application.objects.filter(linked).update(name=placeholder, id_number="", id_hash="", phone="")
    Honour.objects.filter(member=member).update(name=placeholder, citation="")
    audit.record("member.erase_pii", request=request, user=by, obj=member, reason=reason)  # names no one
    return member
