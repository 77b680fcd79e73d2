"""Recording audit events: one function every app calls (checklist rows 17–18).

``record("member.reveal_pii", request=request, obj=member)`` writes who (user, org), from where
(IP), what (action, object), and how it ended. Sign-in, sign-out, failed sign-in and lock-out
are recorded from Django's and django-axes' signals (``orgs.apps``).
"""

import json
import re
from contextvars import ContextVar
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone


def _events():
    """The audit table (``orgs.AuditEvent``, where its migrations are), through the app registry."""
    return apps.get_model("orgs", "AuditEvent").objects



RETENTION_DAYS = 183  # 网络安全法 21(3): at least six months

#: the address of the request being served (set by ``orgs.middleware.AuditMiddleware``), so that
#: services called with only ``by=user`` still record where the action came from.
current_ip: ContextVar[str | None] = ContextVar("audit_current_ip", default=None)


#: what each action code means to a reader of the audit log; every code ``record`` is called with
#: has its label here (a test checks), so the log never shows a code to a user.
ACTION_LABELS = {
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.login_failed": "登录失败",
    "auth.locked_out": "登录锁定",
    "auth.unlocked": "解除登录锁定",
    "access.denied": "越权访问被拒绝",
    "account.created": "新建账号",
    "account.changed": "修改账号",
    "account.password_changed": "修改密码",
    "account.pii_export_grant": "授予/收回完整个人信息导出权限",
    "org.created": "新建组织",
    "org.updated": "修改组织",
    "org.moved": "调整上级组织",
    "org.merged_into": "组织并入",
    "org.absorbed": "接收合并组织",
    "org.dissolved": "撤销组织",
    "org.received": "接收撤销组织的下属",
    "filing.submit": "提交备案表",
    "filing.withdraw": "撤回备案表",
    "filing.return": "退回备案表",
    "filing.approve": "备案盖章",
    "filing.reissue": "重新出具备案表 PDF",
    "signing.ca_created": "创建平台根证书",
    "signing.issue": "签发签名证书",
    "signing.import": "导入签名证书",
    "signing.revoke": "吊销签名证书",
    "api.call": "调用开放数据接口",
    "api.token_issued": "签发接口令牌",
    "api.token_disabled": "停用接口账号",
    "member.reveal_pii": "查看会员完整个人信息",
    "member.export_full": "导出含完整个人信息的会员名册",
    "member.export": "导出会员名册（脱敏）",
    "member.import": "导入会员",
    "member.export_personal_data": "导出会员个人信息副本",
    "member.erase_pii": "删除会员个人信息",
    "volunteer.reveal_pii": "查看志愿者完整个人信息",
    "volunteer.export_full": "导出含完整个人信息的志愿者名册",
    "volunteer.export": "导出志愿者名册（脱敏）",
    "volunteer.records_export": "导出服务记录",
    "volunteer.import": "导入志愿者",
    "volunteer.export_personal_data": "导出志愿者个人信息副本",
    "volunteer.erase_pii": "删除志愿者个人信息",
    "volunteer.account_opened": "开通志愿者账号",
    "volunteer.member_linked": "志愿者关联会员",
    "volunteer.member_unlinked": "志愿者解除关联会员",
    "volunteer.team_left": "退出服务队",
    "volunteer.moved": "志愿者转移管理组织",
    "pii.rotate_key": "轮换身份证号码加密密钥",
    "notifications.email_choice": "更改邮件提醒设置",
    "notice.publish": "发布通知公文",
    "notice.reply": "报送通知回执",
    "notice.remind": "催办通知回执",
    "notice.withdraw": "撤回通知公文",
    "notice.export": "导出通知回执表",
    "year_end.return": "退回下级年度统计",
    "year_end.remind": "催报下级年度统计",
    "relief.stock_in": "物资入库",
    "relief.distribute": "物资发放",
    "relief.adjust": "物资盘点调整",
    "relief.transfer_request": "申请调拨物资",
    "relief.transfer_approve": "批准物资调拨",
    "relief.transfer_ship": "物资调拨发运",
    "relief.transfer_receive": "物资收货确认",
    "relief.transfer_reject": "不批准物资调拨",
    "relief.transfer_cancel": "取消物资调拨",
    "relief.donation_received": "登记捐赠并开具收据",
    "relief.donation_voided": "作废捐赠收据",
    "relief.receipt_printed": "打印捐赠收据",
    "relief.donation_used": "登记捐赠使用",
    "relief.month_released": "发布捐赠公示",
    "relief.export": "导出物资台账",
    "relief.project_created": "新建救助项目",
    "relief.project_status": "救助项目状态变更",
    "relief.distribution": "登记发放记录",
    "relief.project_export": "导出项目与发放清单",
    "award.objection": "对公示中的评定提出异议",
    "paper.submit": "报送工作计划或总结",
    "paper.return": "退回工作计划或总结",
    "award.objection_decided": "处理公示异议",
    "pii.disclosure_limit": "查看/导出完整个人信息达到每小时上限",
    "campaign.opened": "发起督查工作",
    "campaign.document_uploaded": "上传单位文件（督查事项）",
    "campaign.paper_copy": "登记收到纸质备案表",
    "campaign.staff_named": "登记专职工作人员",
    "campaign.staff_ended": "专职工作人员离任",
    "campaign.leader_recorded": "登记会长、副会长、秘书长",
    "campaign.board_export": "导出督查表",
    "target.set": "设定发展目标",
    "training.class_created": "新建培训班",
    "training.trainee_added": "登记培训学员",
    "training.import": "导入培训学员名册",
    "training.results": "登记培训出勤与考核成绩",
    "training.certificates_issued": "发放救护员证",
    "training.certificate_printed": "打印救护员证",
    "training.certificates_export": "导出救护员证清单",
}


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, "其他操作")


#: a full export or an erasure names its reason, at least this long (the form says the same)
MIN_REASON = 4


def stated_reason(reason: str) -> str:
    """The reason an action must state for the log (full export, erasure), cleaned, or the refusal."""
    from django.core.exceptions import ValidationError

    reason = (reason or "").replace("\x00", "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": f"请填写理由（至少{MIN_REASON}个字），将记入审计日志。"})
    return reason[:200]


#: the actions that show or hand out a person's whole ID number and phone one person at a time
DISCLOSURES = ("member.reveal_pii", "volunteer.reveal_pii", "member.export_personal_data",
               "volunteer.export_personal_data")
DISCLOSURE_LIMIT = "pii.disclosure_limit"


class DisclosureLimitReached(Exception):
    """An account has shown or handed out whole personal data ``PII_DISCLOSURES_PER_HOUR`` times
    within the hour; the message says so in Chinese."""


def disclose(action: str, *, about, by, reason: str, request=None):
    """Log one disclosure of ``about``'s whole ID and phone (显示完整信息, the personal-data file) with
    its stated reason — or refuse it when ``by`` has made ``PII_DISCLOSURES_PER_HOUR`` within the
    last hour, the first refusal of the hour itself an alert in the log. Members and volunteers
    both come through here, so the limit counts them together. Permission is the caller's."""
    from django.db import transaction

    reason = stated_reason(reason)
    limit = settings.PORTAL["PII_DISCLOSURES_PER_HOUR"]
    since = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        # one account's disclosures are counted one at a time, so parallel requests cannot pass the limit
        list(get_user_model().objects.select_for_update().filter(pk=by.pk).values_list("pk"))
        mine = _events().filter(user=by, at__gte=since)
        if mine.filter(action__in=DISCLOSURES).count() < limit:
            return record(action, request=request, user=by, obj=about, reason=reason)
        if not mine.filter(action=DISCLOSURE_LIMIT).exists():
            record(DISCLOSURE_LIMIT, request=request, user=by, obj=about, outcome="failure", limit=limit,
                   attempted=action)
    raise DisclosureLimitReached(f"您在一小时内查看或导出完整个人信息已达 {limit} 次上限，请稍后再试；"
                                 "确需批量使用的，请申请完整名册导出权限。")


def trail(obj) -> list[dict]:
    """The audit events about ``obj`` (views, exports, changes), oldest first: the part of a person's
    data file (``members.privacy``, ``volunteers.privacy``) that says who looked at them."""
    return [{"时间": e.at, "操作": action_label(e.action), "操作人": e.username, "单位": e.org.name if e.org else ""}
            for e in _events().filter(object_type=obj._meta.label, object_id=str(obj.pk))
            .select_related("org").order_by("at")]


def personal_data_file(collect, *, about, by, reason: str, request=None) -> bytes:
    """A person's data file (``members.privacy``, ``volunteers.privacy``): what ``collect()`` returns,
    with the trail of who looked at them added, as JSON. Handing it out is a disclosure
    (``disclose``: a reason, the hourly limit), logged before the file is put together."""
    disclose(f"{about._meta.model_name}.export_personal_data", about=about, by=by, reason=reason, request=request)
    data = {**collect(), "查看与导出记录": trail(about)}
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def client_ip(request) -> str | None:
    """The client's address by the trusted-proxy rule (``lib.proxies``), or the current request's."""
    from lib.proxies import client_ip as of_request

    return of_request(request) if request is not None else current_ip.get()


def record(action: str, *, request=None, user=None, obj=None, org=None, outcome: str = "success",
           username: str = "", **detail):
    user = user or (getattr(request, "user", None) if request is not None else None)
    if user is not None and not user.is_authenticated:
        user = None
    if org is None and obj is not None:
        org = obj if obj._meta.label == "orgs.Organization" else getattr(obj, "org", None)
    if org is None and user is not None:
        org = user.org
    return _events().create(
        user=user, username=username or (user.username if user else ""), org=org, ip=client_ip(request),
        action=action, outcome=outcome, detail=detail,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
    )


def record_export(action: str, *, request, count: int):
    """A masked export of a list (members, volunteers, service records): who, which list with which
    filters (the query string: never personal data, ``members.forms.MemberFilter``), how many rows."""
    filters = {key: value[:100] for key, value in list(request.GET.items())[:20]}
    return record(action, request=request, count=count, filters=filters)


def record_denial(request, **detail) -> None:
    """A refusal (404 out of scope, 403 wrong role) of a signed-in account. One row per account and
    minute, its ``count`` going up with each further refusal, so that nobody can flood the log; the
    row keeps the first refusal's path."""
    minute = timezone.now().replace(second=0, microsecond=0)
    if not _events().filter(action="access.denied", user=request.user, at__gte=minute).count_again():
        record("access.denied", request=request, outcome="failure", **detail)


def watermark(event) -> list[str]:
    """The lines a full export of personal data carries (checklist row 16), from its audit event.
    Control characters are dropped: a spreadsheet cannot hold them."""
    reason = re.sub(r"[\x00-\x1f\x7f]", "", event.detail.get("reason", ""))
    return [f"导出人：{event.username}（{event.org.name if event.org else '运维'}）",
            f"导出时间：{timezone.localtime(event.at):%Y-%m-%d %H:%M}", f"理由：{reason}",
            f"审计编号：{event.pk}", "含完整个人信息，仅限上述用途，不得外传。"]


def purge(now=None) -> int:
    """Delete events older than the retention period (never younger ones)."""
    days = max(RETENTION_DAYS, getattr(settings, "AUDIT_RETENTION_DAYS", RETENTION_DAYS))
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = _events().filter(at__lt=cutoff)
    count, _ = QuerySet.delete(old)  # the one sanctioned delete: bypasses the append-only queryset
    return count


# Receivers for the sign-in signals of Django and django-axes (connected in ``orgs.apps``).

def on_logged_in(sender, request, user, **kwargs):
    record("auth.login", request=request, user=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("auth.logout", request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    record("auth.login_failed", request=request, outcome="failure",
           username=str(credentials.get("username", ""))[:150])


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record("auth.locked_out", request=request, outcome="failure", username=(username or "")[:150])


def axes_username(request, credentials) -> str:
    """The username django-axes records for an attempt, cut to what a username can be (150), so a
    hostile 10,000-character login cannot overflow its column."""
    source = credentials if credentials else getattr(request, "POST", {})
    return str((source or {}).get("username") or "")[:150]
