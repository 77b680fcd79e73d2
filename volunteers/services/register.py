"""The register of volunteers: registration, edits, the spells on the register (在册), moves, accounts."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lib import audit, pii
from orgs import scoping
from orgs.models import Organization, User
from people.rows import check_person
from volunteers.models import (
    Volunteer,
    VolunteerSpell,
    VolunteerStatus,
)
from volunteers.services.links import member_with_same_id

VOLUNTEER_FIELDS = ("name", "gender", "id_number", "phone", "skills", "registered_on", "status")


def _clean_identity(fields: dict, *, exclude_pk=None) -> dict:
    """The person's part of a volunteer's row (``people.rows.check_person``) and the register's
    own rule: one volunteer per ID number."""
    clean, errors = check_person(id_number=fields.get("id_number", ""), phone=fields.get("phone", ""))
    fields.update({k: v for k, v in clean.items() if k in ("id_number", "phone")})
    if "id_number" not in errors:
        dup = Volunteer.objects.filter(id_hash=pii.id_hash(fields["id_number"])).exclude(pk=exclude_pk)
        if dup.exists():
            errors["id_number"] = "该身份证号已登记为志愿者。"
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
    plain = fields.pop("id_number", "")
    volunteer = Volunteer(org=org, user=user, **fields)
    try:
        volunteer.full_clean(exclude=["id_number", "member", *errors])
    except ValidationError as exc:
        errors.update({k: v for k, v in exc.message_dict.items() if k not in errors})
    if errors:
        raise ValidationError(errors)
    volunteer.set_id_number(plain)
    volunteer.member = member_with_same_id(plain, by=by)
    volunteer.save()
    if volunteer.status == VolunteerStatus.ACTIVE:
        VolunteerSpell.objects.create(volunteer=volunteer, org=org, start=volunteer.registered_on)
    return volunteer


def close_spell(volunteer: Volunteer, on: date) -> None:
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
            close_spell(volunteer, on)
    if before["registered_on"] != volunteer.registered_on:
        first = volunteer.spells.order_by("start", "pk").first()
        if first is not None:
            if first.end is not None and first.end <= volunteer.registered_on:
                raise ValidationError(
                    {"registered_on": f"注册日期须早于{first.end:%Y-%m-%d}（该志愿者当日已转出或退出）。"})
            first.start = volunteer.registered_on
            first.save(update_fields=["start"])


@transaction.atomic
def update_volunteer(volunteer: Volunteer, *, by: User, changed_on: date | None = None, **fields) -> Volunteer:
    """An empty ``id_number`` keeps the number on file (edit forms never show it whole);
    ``changed_on``: the day a change of 状态 took effect (today when not given)."""
    scoping.require(by, "volunteer.edit", volunteer)
    # the row as it stands, locked: an edit, a move or hours of one volunteer go one at a time, so
    # the spells follow the status this edit changes and the org is not written back stale
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    fields = {k: v for k, v in fields.items() if k in VOLUNTEER_FIELDS and (k != "id_number" or v)}
    merged = {"id_number": volunteer.full_id, "phone": volunteer.phone, **fields}
    fields.update(_clean_identity(merged, exclude_pk=volunteer.pk))
    plain = fields.pop("id_number")
    before = {"status": volunteer.status, "registered_on": volunteer.registered_on}
    for name, value in fields.items():
        setattr(volunteer, name, value)
    if plain != volunteer.full_id:  # re-sealed only when it changes, so history shows real changes
        volunteer.set_id_number(plain)
        volunteer.member = member_with_same_id(plain, by=by)  # a corrected ID number: the link follows it
    volunteer.full_clean(exclude=["member"])
    volunteer.save()
    _follow_register(volunteer, before, changed_on)
    return volunteer


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
        close_spell(volunteer, today)
        VolunteerSpell.objects.create(volunteer=volunteer, org=to_org, start=today)
    audit.record("volunteer.moved", user=by, obj=volunteer, org=to_org, from_org=old.name, to_org=to_org.name,
                 reason=reason.strip())
    audit.record("volunteer.moved", user=by, obj=volunteer, org=old, from_org=old.name, to_org=to_org.name,
                 reason=reason.strip())
    return volunteer


def move_volunteers_with_org(source: Organization, target: Organization, *, on: date, by: User) -> int:
    """Merge or dissolve (``orgs.services``): ``target`` manages the volunteers of ``source`` from
    ``on``; their open spells close at ``source`` and open at ``target`` that day, so counts as of
    any date stay right on both sides. Runs inside the restructuring's transaction."""
    open_spells = VolunteerSpell.objects.filter(org=source, end__isnull=True)
    moving = list(open_spells.values_list("volunteer_id", flat=True))
    open_spells.update(end=on)
    VolunteerSpell.objects.bulk_create([VolunteerSpell(volunteer_id=pk, org=target, start=on) for pk in moving])
    return Volunteer.objects.filter(org=source).update(org=target)
