"""A volunteer's personal data on request (PIPL arts. 45, 47; the members' counterpart is
``members.privacy``).

* ``personal_data``: everything held about one volunteer, as a JSON file, audit-logged.
* ``erase``: anonymise a volunteer — name, ID, phone, skills cleared, the blind index replaced, the
  same fields scrubbed from the field history, the volunteer account closed — while service records,
  team memberships, awards and certificates stay, so hours and counts of any period do not change.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lib import audit, history, pii
from orgs import scoping
from volunteers.models import Volunteer


def _volunteer_fields(v: Volunteer) -> dict:
    return {
        "姓名": v.name, "性别": v.get_gender_display(), "身份证号": v.full_id, "手机号": v.phone,
        "技能特长": v.skills, "注册日期": v.registered_on, "管理组织": v.org.name, "状态": v.get_status_display(),
        "志愿者账号": v.user.username if v.user_id else "", "对应会员": v.member.number if v.member_id else "",
    }


def _history(v: Volunteer) -> list[dict]:
    return [{"时间": h.history_date, "类型": h.get_history_type_display(), "姓名": h.name,
             "身份证号": pii.unseal(h.resident_id), "手机号": h.phone, "管理组织": h.org_id, "状态": h.status,
             "操作人": h.history_user.username if h.history_user_id else ""}
            for h in v.history.select_related("history_user").order_by("history_date")]


def personal_data(volunteer: Volunteer, *, by, reason: str, request=None) -> bytes:
    """Everything the portal holds about ``volunteer`` (a file for the person who asked), with a
    stated reason, within the hourly limit, audit-logged (``lib.audit.disclose``)."""
    scoping.require(by, "volunteer.personal_data", volunteer)
    return audit.personal_data_file(lambda: _everything(volunteer), about=volunteer, by=by, reason=reason,
                                    request=request)


def _everything(volunteer: Volunteer) -> dict:
    return {
        "志愿者信息": _volunteer_fields(volunteer),
        "在册记录": [{"管理组织": s.org.name, "开始": s.start, "结束": s.end}
                 for s in volunteer.spells.select_related("org")],
        "服务记录": [{"服务日期": r.served_on, "时长（小时）": r.hours, "活动": r.activity.title if r.activity else "",
                  "服务队": r.team.name if r.team else "", "计入组织": r.credited_org.name,
                  "状态": r.get_status_display(), "备注": r.note}
                 for r in volunteer.records.select_related("activity", "team", "credited_org")
                 .order_by("served_on", "pk")],
        "参加的活动": [{"活动": a.title, "日期": a.held_on, "组织": a.org.name}
                  for a in volunteer.activities.select_related("org").order_by("held_on", "pk")],
        "服务队": [{"服务队": m.team.name, "加入日期": m.joined_on, "退出日期": m.left_on}
                for m in volunteer.memberships.select_related("team")],
        "星级评定": [{"星级": a.stars, "评定日期": a.awarded_on, "评定机构": a.awarded_by_org.name, "理由": a.reason,
                  "已撤回": a.withdrawn} for a in volunteer.star_awards.select_related("awarded_by_org")],
        "救护员证": [{"证书编号": c.number, "发证日期": c.issued_on, "有效期至": c.expires_on,
                  "发证机构": c.issuing_body.name} for c in volunteer.certificates.select_related("issuing_body")],
        "信息变更记录": _history(volunteer),
    }


@transaction.atomic
def erase(volunteer: Volunteer, *, by, reason: str, request=None) -> Volunteer:
    """Anonymise ``volunteer`` for good (删除个人信息); what the statistics count stays."""
    scoping.require(by, "volunteer.erase", volunteer)
    reason = audit.stated_reason(reason)
    # the account is read after: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.erased_at:
        raise ValidationError("该志愿者的个人信息已删除。")
    placeholder = f"已删除个人信息（{volunteer.pk}）"
    # the hash: unique and never a real digest, so the same person may register again
    history.scrub(volunteer, {"name": placeholder, "resident_id": "", "phone": "", "skills": ""},
                  resident_id_hash=f"erased-{volunteer.pk}", erased_at=timezone.now())
    if volunteer.user_id:  # the account named the person: closed, its name gone (sessions end with it)
        account = volunteer.user
        account.set_unusable_password()
        history.scrub(account, {"username": f"erased-volunteer-{volunteer.pk}", "full_name": placeholder,
                                "email": ""}, is_active=False)
    audit.record("volunteer.erase_pii", request=request, user=by, obj=volunteer, reason=reason)  # names no one
    return volunteer
