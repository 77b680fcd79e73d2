"""What a volunteer's personal data is, for the shared privacy services (``people.privacy``: reveal,
the personal-data file, erasure, full export; PIPL arts. 45, 47): the sections of the volunteer's
file, and what erasure closes beside the volunteer's row (their account). Service records, team
memberships, awards and certificates stay, so hours and counts of any period do not change."""

from lib import history
from people.privacy import erase, field_history, full_export, personal_data, reveal
from volunteers.models import Volunteer

__all__ = ["close_account", "data_file", "erase", "full_export", "personal_data", "reveal"]


def _volunteer_fields(v: Volunteer) -> dict:
    return {
        "姓名": v.name, "性别": v.get_gender_display(), "身份证号": v.full_id, "手机号": v.phone,
        "技能特长": v.skills, "注册日期": v.registered_on, "管理组织": v.org.name, "状态": v.get_status_display(),
        "志愿者账号": v.user.username if v.user_id else "", "对应会员": v.member.number if v.member_id else "",
    }


def data_file(volunteer: Volunteer) -> dict:
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
        "信息变更记录": field_history(volunteer),
    }


def close_account(volunteer: Volunteer, *, placeholder: str, **_) -> None:
    """The account named the person: closed, its name gone (its sessions end with it)."""
    if volunteer.user_id:
        account = volunteer.user
        account.set_unusable_password()
        history.scrub(account, {"username": f"erased-volunteer-{volunteer.pk}", "full_name": placeholder,
                                "email": ""}, is_active=False)
