"""Service hours: entry by staff, by the volunteer, for an activity's roster; approval."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from orgs import scoping
from orgs.models import User
from volunteers.models import (
    MAX_HOURS_PER_DAY,
    Activity,
    RecordStatus,
    ServiceRecord,
    Volunteer,
)


def _check_day_total(volunteer: Volunteer, served_on: date, hours: Decimal) -> None:
    """At most 24 hours a day per volunteer across all records not rejected."""
    logged = (ServiceRecord.objects.filter(volunteer=volunteer, served_on=served_on)
              .exclude(status=RecordStatus.REJECTED).aggregate(t=Sum("hours"))["t"] or Decimal(0))
    if logged + hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": f"{volunteer.name}在{served_on:%Y-%m-%d}已登记{logged}小时，"
                                        f"再加{hours}小时将超过每日{MAX_HOURS_PER_DAY}小时上限。"})


def _new_record(volunteer, *, by, served_on, hours, activity=None, team=None, note="") -> ServiceRecord:
    hours = Decimal(str(hours))
    if hours <= 0:
        raise ValidationError({"hours": "服务时长必须大于0小时。"})
    if served_on > timezone.localdate():
        raise ValidationError({"served_on": "服务日期不能晚于今天。"})
    for linked in (activity, team):
        if linked is not None and not scoping.in_scope(by, linked.org) and by.role != "volunteer":
            raise ValidationError("所选活动或服务队不在您的管辖范围内。")
    # one volunteer's day is serialised so two concurrent entries cannot pass 24 hours together;
    # the hours count at the org managing the volunteer now (a move waits for this lock)
    managing_org = Volunteer.objects.select_for_update().values_list("org_id", flat=True).get(pk=volunteer.pk)
    _check_day_total(volunteer, served_on, hours)
    record = ServiceRecord(volunteer=volunteer, credited_org_id=managing_org, served_on=served_on, hours=hours,
                           activity=activity, team=team, note=note, entered_by=by)
    record.full_clean(exclude=["entered_by"])
    record.save()
    return record


@transaction.atomic
def log_hours(volunteer: Volunteer, *, by: User, served_on: date, hours, activity=None, team=None,
              note="") -> ServiceRecord:
    """Staff of the volunteer's org (or above) enter hours; they count only once approved."""
    scoping.require(by, "volunteer.log_hours", volunteer)
    return _new_record(volunteer, by=by, served_on=served_on, hours=hours, activity=activity, team=team,
                       note=note)


@transaction.atomic
def report_own_hours(*, by: User, served_on: date, hours, activity=None, note="") -> ServiceRecord:
    """A volunteer account reports its own hours; approved like any other record."""
    volunteer = Volunteer.objects.filter(user=by).first()
    if volunteer is None:
        raise ValidationError("您的账号尚未关联志愿者档案。")
    scoping.require(by, "volunteer.self_service", volunteer)
    org = volunteer.org
    if activity is not None and not (activity.org.is_within(org) or org.is_within(activity.org)):
        raise ValidationError({"activity": "只能选择本组织或上级组织的活动。"})
    return _new_record(volunteer, by=by, served_on=served_on, hours=hours, activity=activity, note=note)


@transaction.atomic
def log_roster_hours(activity: Activity, entries: dict, *, by: User) -> list[ServiceRecord]:
    """Bulk entry for an activity's roster: ``{volunteer: hours}``; all or nothing."""
    scoping.require(by, "volunteer.log_hours", activity)
    errors, records = [], []
    for volunteer, hours in entries.items():
        if not hours:
            continue
        try:
            scoping.require(by, "volunteer.log_hours", volunteer)
            with transaction.atomic():
                records.append(_new_record(volunteer, by=by, served_on=activity.held_on, hours=hours,
                                           activity=activity))
        except ValidationError as exc:
            errors.append(f"{volunteer.name}：{'；'.join(exc.messages)}")
    if errors:
        raise ValidationError(errors)
    return records


def _entered_by(record: ServiceRecord, user: User) -> bool:
    """Separation of duties (``HOURS_SEPARATION_OF_DUTIES``, on by default): whoever entered hours
    does not also decide them, superusers included."""
    return settings.PORTAL["HOURS_SEPARATION_OF_DUTIES"] and record.entered_by_id == user.pk


def can_decide(record: ServiceRecord, user: User) -> bool:
    """Whether ``user`` is to be offered 通过/退回 for ``record`` (the rules ``_decide`` enforces)."""
    return (record.status == RecordStatus.PENDING and not _entered_by(record, user)
            and scoping.can(user, "volunteer.approve_hours", record.approving_org))


def _decide(record: ServiceRecord, status: str, *, by: User) -> ServiceRecord:
    record = ServiceRecord.objects.select_for_update(of=("self",)).select_related(
        "team__org", "activity__org", "volunteer__org").get(pk=record.pk)
    scoping.require(by, "volunteer.approve_hours", record.approving_org)
    scoping.require(by, "volunteer.view", record.volunteer)
    if _entered_by(record, by):
        raise ValidationError("登记服务时长的账号不能审核同一条记录，请由本组织或上级组织的其他人员审核。")
    if record.status != RecordStatus.PENDING:
        raise ValidationError("该记录已审核，不能重复审核。")
    record.status, record.decided_by, record.decided_at = status, by, timezone.now()
    record.save(update_fields=["status", "decided_by", "decided_at"])
    return record


@transaction.atomic
def approve_record(record: ServiceRecord, *, by: User) -> ServiceRecord:
    """Staff or reviewers of the team's (else activity's, else volunteer's) org or above approve."""
    return _decide(record, RecordStatus.APPROVED, by=by)


@transaction.atomic
def reject_record(record: ServiceRecord, *, by: User) -> ServiceRecord:
    return _decide(record, RecordStatus.REJECTED, by=by)
