"""Writes of the volunteers app. Views, admin, the import command and tests all call these.

Each function takes the acting user keyword-only (``by=``), checks scope and role through
``orgs.scoping``, validates, and runs in one transaction.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from lib import audit, pii
from lib.identity import validate_mobile, validate_resident_id
from members.models import Member
from orgs import scoping
from orgs.models import BODY_LEVELS, Organization, User
from volunteers.models import (
    CERTIFICATE_YEARS,
    MAX_HOURS_PER_DAY,
    Activity,
    FirstAidCertificate,
    OrgProfile,
    RecordStatus,
    ServiceRecord,
    ServiceTeam,
    StarAward,
    TeamMembership,
    Volunteer,
    VolunteerSpell,
    VolunteerStatus,
)

VOLUNTEER_FIELDS = ("name", "gender", "resident_id", "phone", "skills", "registered_on", "status")


def _clean_identity(fields: dict, *, exclude_pk=None) -> dict:
    errors = {}
    try:
        fields["resident_id"] = validate_resident_id(fields.get("resident_id", ""))
    except ValidationError as exc:
        errors["resident_id"] = exc.messages
    if fields.get("phone"):
        try:
            fields["phone"] = validate_mobile(fields["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if "resident_id" not in errors:
        dup = Volunteer.objects.filter(resident_id_hash=pii.id_hash(fields["resident_id"])).exclude(pk=exclude_pk)
        if dup.exists():
            errors["resident_id"] = ["该身份证号已登记为志愿者。"]
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def register_volunteer(*, org: Organization, by: User, user: User | None = None, **fields) -> Volunteer:
    """Checks every field before refusing, so a form or an import row hears of all its errors at once."""
    scoping.require(by, "volunteer.edit", org)
    fields = {k: v for k, v in fields.items() if k in VOLUNTEER_FIELDS}
    fields.setdefault("registered_on", timezone.localdate())
    errors = {}
    try:
        fields = _clean_identity(fields)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if user is not None and (user.role != "volunteer" or not scoping.in_scope(by, user.org)):
        errors["user"] = ["只能关联本辖区内角色为“志愿者”的账号。"]
    plain = fields.pop("resident_id", "")
    volunteer = Volunteer(org=org, user=user, **fields)
    try:
        volunteer.full_clean(exclude=["resident_id", "resident_id_hash", "member", *errors])
    except ValidationError as exc:
        errors.update({k: v for k, v in exc.message_dict.items() if k not in errors})
    if errors:
        raise ValidationError(errors)
    volunteer.resident_id, volunteer.resident_id_hash = pii.seal(plain), pii.id_hash(plain)
    volunteer.member = _member_with_same_id(plain, by=by)
    volunteer.save()
    if volunteer.status == VolunteerStatus.ACTIVE:
        VolunteerSpell.objects.create(volunteer=volunteer, org=org, start=volunteer.registered_on)
    return volunteer


# --- on the register (在册): spells at the managing org -------------------------------------------

def _close_spell(volunteer: Volunteer, on: date) -> None:
    VolunteerSpell.objects.filter(volunteer=volunteer, end__isnull=True).update(end=on)


def _follow_register(volunteer: Volunteer, before: dict, changed_on: date | None) -> None:
    """Keep the volunteer's spells in step with an edit: 退出 closes the open one on ``changed_on``
    (today when not given), coming back opens one that day, and a corrected 注册日期 moves the first
    one's start."""
    today = timezone.localdate()
    on = changed_on or today
    if before["status"] != volunteer.status:
        last = volunteer.spells.order_by("start", "pk").last()
        is_open = last is not None and last.end is None
        if on > today:
            raise ValidationError({"changed_on": "状态变更日期不能晚于今天。"})
        if volunteer.status == VolunteerStatus.ACTIVE and not is_open:
            if last is not None and on < last.end:
                raise ValidationError({"changed_on": f"重新在册的日期不能早于上次退出的日期（{last.end:%Y-%m-%d}）。"})
            VolunteerSpell.objects.create(volunteer=volunteer, org_id=volunteer.org_id, start=on)
        elif volunteer.status != VolunteerStatus.ACTIVE and is_open:
            if on < last.start:
                raise ValidationError({"changed_on": f"退出日期不能早于在册的开始日期（{last.start:%Y-%m-%d}）。"})
            _close_spell(volunteer, on)
    if before["registered_on"] != volunteer.registered_on:
        first = volunteer.spells.order_by("start", "pk").first()
        if first is not None:
            if first.end is not None and first.end <= volunteer.registered_on:
                raise ValidationError(
                    {"registered_on": f"注册日期须早于{first.end:%Y-%m-%d}（该志愿者当日已转出或退出）。"})
            first.start = volunteer.registered_on
            first.save(update_fields=["start"])


# --- the same person as a member ---------------------------------------------------------------

def _member_with_same_id(resident_id: str, *, by: User) -> Member | None:
    """The member in ``by``'s scope whose ID blind index matches, if not yet linked elsewhere."""
    return (Member.objects.visible_to(by).filter(id_hash=pii.id_hash(resident_id), volunteer__isnull=True)
            .first())


def link_new_members(members, *, by: User) -> int:
    """Called when members are created: link each to the volunteer in ``by``'s scope with the same
    ID (compared through the volunteers' own blind index, never in plain). Returns links made."""
    by_hash = {m.id_hash: m for m in members if m.id_hash}
    hashes, linked = list(by_hash), 0
    for start in range(0, len(hashes), 1000):  # bounded IN lists for big imports
        chunk = hashes[start:start + 1000]
        for volunteer in Volunteer.objects.visible_to(by).filter(resident_id_hash__in=chunk, member__isnull=True):
            volunteer.member = by_hash[volunteer.resident_id_hash]
            volunteer.save(update_fields=["member"])
            linked += 1
    return linked


@transaction.atomic
def link_member(volunteer: Volunteer, *, by: User, number: str) -> Volunteer:
    """Staff link a volunteer to a member by 会员编号; both must be visible to them and the ID
    numbers must agree (their blind indexes are compared)."""
    scoping.require(by, "volunteer.edit", volunteer)
    member = Member.objects.visible_to(by).filter(number=number.strip()).first()
    if member is None:
        raise ValidationError({"number": "在您的管辖范围内没有该会员编号。"})
    if member.id_hash != volunteer.resident_id_hash:
        raise ValidationError({"number": "该会员的身份证号码与志愿者不一致，不能关联。"})
    if Volunteer.objects.filter(member=member).exclude(pk=volunteer.pk).exists():
        raise ValidationError({"number": "该会员已关联其他志愿者。"})
    volunteer.member = member
    volunteer.save(update_fields=["member"])
    audit.record("volunteer.member_linked", user=by, obj=volunteer, member=member.number)
    return volunteer


@transaction.atomic
def unlink_member(volunteer: Volunteer, *, by: User) -> Volunteer:
    scoping.require(by, "volunteer.edit", volunteer)
    if volunteer.member_id is None:
        raise ValidationError("该志愿者未关联会员。")
    number = volunteer.member.number
    volunteer.member = None
    volunteer.save(update_fields=["member"])
    audit.record("volunteer.member_unlinked", user=by, obj=volunteer, member=number)
    return volunteer


@transaction.atomic
def update_volunteer(volunteer: Volunteer, *, by: User, changed_on: date | None = None, **fields) -> Volunteer:
    """An empty ``resident_id`` keeps the number on file (edit forms never show it whole);
    ``changed_on``: the day a change of 状态 took effect (today when not given)."""
    scoping.require(by, "volunteer.edit", volunteer)
    # the row as it stands, locked: an edit, a move or hours of one volunteer go one at a time, so
    # the spells follow the status this edit changes and the org is not written back stale
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    fields = {k: v for k, v in fields.items() if k in VOLUNTEER_FIELDS and (k != "resident_id" or v)}
    merged = {"resident_id": volunteer.full_id, "phone": volunteer.phone, **fields}
    fields.update(_clean_identity(merged, exclude_pk=volunteer.pk))
    plain = fields.pop("resident_id")
    before = {"status": volunteer.status, "registered_on": volunteer.registered_on}
    for name, value in fields.items():
        setattr(volunteer, name, value)
    if plain != volunteer.full_id:  # re-sealed only when it changes, so history shows real changes
        volunteer.resident_id, volunteer.resident_id_hash = pii.seal(plain), pii.id_hash(plain)
        volunteer.member = _member_with_same_id(plain, by=by)  # a corrected ID number: the link follows it
    volunteer.full_clean(exclude=["resident_id_hash", "member"])
    volunteer.save()
    _follow_register(volunteer, before, changed_on)
    return volunteer


def reveal(volunteer: Volunteer, *, by: User, reason: str, request=None):
    """显示完整信息: allowed roles only, a stated reason, within the hourly limit; every full view is
    an audit event (who, whom, when, IP, why)."""
    scoping.require(by, "volunteer.reveal_pii", volunteer)
    return audit.disclose("volunteer.reveal_pii", about=volunteer, by=by, reason=reason, request=request)


def full_export_rows(queryset, *, by: User, reason: str, request=None):
    """Rows with whole IDs and phones: role + the account's grant + a reason; one audit event lists
    every volunteer in the export (checklist row 16). Returns (volunteers, watermark lines)."""
    scoping.require(by, "volunteer.export_full")
    reason = audit.stated_reason(reason)
    volunteers = list(queryset)
    event = audit.record("volunteer.export_full", request=request, user=by, reason=reason,
                         count=len(volunteers), volunteers=[v.pk for v in volunteers])
    return volunteers, audit.watermark(event)


@transaction.atomic
def create_team(*, org: Organization, by: User, **fields) -> ServiceTeam:
    scoping.require(by, "volunteer.edit", org)
    team = ServiceTeam(org=org, **fields)
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def add_to_team(team: ServiceTeam, volunteer: Volunteer, *, by: User, joined_on: date) -> TeamMembership:
    scoping.require(by, "volunteer.edit", team)
    scoping.require(by, "volunteer.view", volunteer)
    if TeamMembership.objects.filter(team=team, volunteer=volunteer, left_on__isnull=True).exists():
        raise ValidationError("该志愿者已在此服务队中。")
    membership = TeamMembership(team=team, volunteer=volunteer, joined_on=joined_on)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def open_account(volunteer: Volunteer, *, by: User, username: str, password: str, full_name: str = "",
                 email: str = "") -> User:
    """A self-service account (role 志愿者) for this volunteer, at the volunteer's org: it sees only
    this record (``Volunteer.SELF_LOOKUP``). Accounts are made by admins (``account.manage``)."""
    from orgs import services as org_services

    scoping.require(by, "volunteer.edit", volunteer)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.user_id is not None:
        raise ValidationError("该志愿者已开通账号。")
    account = org_services.create_account(by=by, username=username, password=password, org=volunteer.org,
                                          role="volunteer", full_name=full_name or volunteer.name, email=email)
    volunteer.user = account
    volunteer.save(update_fields=["user"])
    audit.record("volunteer.account_opened", user=by, obj=volunteer, account=account.username)
    return account


@transaction.atomic
def leave_team(membership: TeamMembership, *, by: User, left_on: date) -> TeamMembership:
    """End a team membership (退出服务队) on ``left_on``; the row stays as history."""
    scoping.require(by, "volunteer.edit", membership.team)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(f"该成员已于{membership.left_on:%Y-%m-%d}退出服务队。")
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": "退出日期不能早于加入日期。"})
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": "退出日期不能晚于今天。"})
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit.record("volunteer.team_left", user=by, obj=membership.team, volunteer=membership.volunteer_id,
                 left_on=left_on.isoformat())
    return membership


@transaction.atomic
def move_volunteer(volunteer: Volunteer, *, by: User, to_org: Organization, reason: str = "") -> Volunteer:
    """Hand a volunteer to another managing org; both orgs must be in the mover's subtree."""
    scoping.require(by, "volunteer.edit", volunteer)
    scoping.require(by, "volunteer.edit", to_org)
    if to_org.is_dissolved:
        raise ValidationError({"to_org": "不能转到已撤销的组织。"})
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if to_org.pk == volunteer.org_id:
        raise ValidationError({"to_org": "新的管理组织与当前相同。"})
    old = volunteer.org
    volunteer.org = to_org
    volunteer.save(update_fields=["org"])
    if volunteer.status == VolunteerStatus.ACTIVE:  # counted at the old org until today, at the new from today
        today = timezone.localdate()
        _close_spell(volunteer, today)
        VolunteerSpell.objects.create(volunteer=volunteer, org=to_org, start=today)
    audit.record("volunteer.moved", user=by, obj=volunteer, org=to_org, from_org=old.name, to_org=to_org.name,
                 reason=reason.strip())
    audit.record("volunteer.moved", user=by, obj=volunteer, org=old, from_org=old.name, to_org=to_org.name,
                 reason=reason.strip())
    return volunteer


@transaction.atomic
def create_activity(*, org: Organization, by: User, roster=(), **fields) -> Activity:
    scoping.require(by, "volunteer.edit", org)
    activity = Activity(org=org, **fields)
    activity.full_clean()
    activity.save()
    activity.roster.set(roster)
    return activity


@transaction.atomic
def add_to_roster(activity: Activity, *, by: User, volunteers) -> int:
    """Put volunteers the user sees on the activity's roster; returns how many were new on it."""
    scoping.require(by, "volunteer.edit", activity)
    pks = {v.pk for v in volunteers}
    if Volunteer.objects.visible_to(by).filter(pk__in=pks).count() != len(pks):
        raise ValidationError({"volunteers": "只能添加您管辖范围内的志愿者。"})
    already = set(activity.roster.filter(pk__in=pks).values_list("pk", flat=True))
    activity.roster.add(*(pks - already))
    return len(pks - already)


@transaction.atomic
def remove_from_roster(activity: Activity, volunteer: Volunteer, *, by: User) -> None:
    """Take a volunteer off the roster; hours already logged for the activity stay as they are."""
    scoping.require(by, "volunteer.edit", activity)
    activity.roster.remove(volunteer)


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


@transaction.atomic
def award_stars(volunteer: Volunteer, *, by: User, stars: int, reason: str, awarded_on: date | None = None,
                notice_days: int | None = None) -> StarAward:
    """Seed 002 item 15; the authority check lives in ``orgs.scoping.may_award_stars``."""
    if stars not in range(1, 6):
        raise ValidationError({"stars": "星级必须为1至5。"})
    scoping.may_award_stars(by, stars, volunteer)
    body = by.org if by.org_id else volunteer.org.reviewing_body()
    award = StarAward(volunteer=volunteer, stars=stars, reason=reason, awarded_by_org=body, by=by,
                      awarded_on=awarded_on or timezone.localdate())
    if notice_days is not None:
        award.notice_days = notice_days
    award.full_clean(exclude=["by"])
    award.save()
    return award


@transaction.atomic
def withdraw_award(award: StarAward, *, by: User, on: date | None = None) -> StarAward:
    """An award can be withdrawn during its notice period (公示期), by the body that may award it."""
    scoping.may_award_stars(by, award.stars, award.volunteer)
    if award.withdrawn:
        raise ValidationError("该评定已撤回。")
    if (on or timezone.localdate()) >= award.effective_on:
        raise ValidationError("公示期已结束，评定已生效，不能撤回。")
    award.withdrawn = True
    award.save(update_fields=["withdrawn"])
    return award


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@transaction.atomic
def issue_certificate(volunteer: Volunteer, *, by: User, number: str, issued_on: date,
                      expires_on: date | None = None, issuing_body: Organization | None = None
                      ) -> FirstAidCertificate:
    scoping.require(by, "volunteer.issue_certificate", volunteer)
    if issuing_body is None:
        issuing_body = by.org if by.org_id and by.org.level in BODY_LEVELS else volunteer.org.reviewing_body()
    cert = FirstAidCertificate(volunteer=volunteer, number=number.strip(), issued_on=issued_on,
                               expires_on=expires_on or _add_years(issued_on,
                                                                   CERTIFICATE_YEARS) - timedelta(days=1),
                               issuing_body=issuing_body)
    cert.full_clean()
    cert.save()
    return cert


@transaction.atomic
def save_org_profile(org: Organization, *, by: User, **fields) -> OrgProfile:
    scoping.require(by, "volunteer.edit", org)
    profile, _ = OrgProfile.objects.get_or_create(org=org)
    for name in ("rules_on_file", "platform", "annual_funding"):
        if name in fields:
            setattr(profile, name, fields[name])
    profile.full_clean()
    profile.save()
    return profile


def move_volunteers_with_org(source: Organization, target: Organization, *, on: date, by: User) -> int:
    """Merge or dissolve (``orgs.services``): ``target`` manages the volunteers of ``source`` from
    ``on``; their open spells close at ``source`` and open at ``target`` that day, so counts as of
    any date stay right on both sides. Runs inside the restructuring's transaction."""
    open_spells = VolunteerSpell.objects.filter(org=source, end__isnull=True)
    moving = list(open_spells.values_list("volunteer_id", flat=True))
    open_spells.update(end=on)
    VolunteerSpell.objects.bulk_create([VolunteerSpell(volunteer_id=pk, org=target, start=on) for pk in moving])
    return Volunteer.objects.filter(org=source).update(org=target)


def move_teams_with_org(source: Organization, target: Organization, *, on: date, by: User) -> int:
    """Merge or dissolve (``orgs.services``): each team of ``source`` still in service is closed on
    ``on`` and carried on by a team of the same name and specialty at ``target`` from that day;
    open team memberships are closed and reopened the same way, and pending hours follow the team.
    Both orgs keep their history, so team counts as of any date stay right on either side."""
    moved = 0
    for team in ServiceTeam.objects.select_for_update().filter(org=source, dissolved_on__isnull=True):
        successor = ServiceTeam.objects.create(org=target, name=team.name, specialty=team.specialty, founded_on=on)
        open_memberships = TeamMembership.objects.filter(team=team, left_on__isnull=True)
        TeamMembership.objects.bulk_create([
            TeamMembership(team=successor, volunteer_id=pk, joined_on=on)
            for pk in open_memberships.values_list("volunteer_id", flat=True)
        ])
        open_memberships.update(left_on=on)
        ServiceRecord.objects.filter(team=team, status=RecordStatus.PENDING).update(team=successor)
        team.dissolved_on = on
        team.save(update_fields=["dissolved_on"])
        moved += 1
    return moved
