"""Writes to the tree and to accounts. Views, admin, commands and tests all call these.

Each function checks permission and scope through ``orgs.scoping``, runs in one transaction
and records history in ``OrgChange`` (on both sides when two orgs are involved).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lib import audit
from orgs import scoping
from orgs.models import BODY_LEVELS, ChangeKind, Level, Organization, OrgChange, OrgStatus, User

#: The level a child may have under each level (seed 000 / DESIGN.md §2).
CHILD_LEVELS: dict[str, tuple[str, ...]] = {
    Level.PROVINCE: (Level.CITY, Level.UNIT),
    Level.CITY: (Level.COUNTY, Level.UNIT),
    Level.COUNTY: (Level.TOWN, Level.DEPARTMENT, Level.UNIT),
    Level.TOWN: (Level.VILLAGE, Level.UNIT),
    Level.DEPARTMENT: (Level.UNIT,),
    Level.VILLAGE: (Level.UNIT,),
    Level.UNIT: (),
}


@dataclass(frozen=True)
class OrgDependent:
    """A model whose rows belong to an org and move with it when the org is merged or dissolved."""

    model: type
    field: str = "org"
    label: str = ""
    #: ``mover(source, target, on=date, by=user) -> int`` when moving the rows must also write
    #: dated history (membership spells, team memberships); else the rows are re-pointed in bulk.
    mover: Callable[..., int] | None = None


_DEPENDENTS: list[OrgDependent] = []


def register_org_dependent(model, field: str = "org", label: str = "", mover=None) -> None:
    """Called from an app's ``AppConfig.ready`` (members, volunteers …) so that merging or
    dissolving an org carries that app's rows along in the same transaction."""
    if not any(d.model is model and d.field == field for d in _DEPENDENTS):
        _DEPENDENTS.append(OrgDependent(model, field, label or str(model._meta.verbose_name), mover))


def org_dependents() -> Iterable[OrgDependent]:
    return tuple(_DEPENDENTS)


def _record(org, kind, *, by, counterpart=None, **detail) -> OrgChange:
    audit.record(f"org.{kind}", user=by, obj=org, counterpart=counterpart.name if counterpart else "")
    return OrgChange.objects.create(org=org, kind=kind, counterpart=counterpart, by=by,
                                    detail=detail, at=timezone.now())


def _check_child_level(parent: Organization, level: str) -> None:
    if level not in CHILD_LEVELS[parent.level]:
        allowed = "、".join(Level(lv).label for lv in CHILD_LEVELS[parent.level]) or "无"
        raise ValidationError(
            {"level": f"“{parent.name}”（{parent.get_level_display()}）下只能设立：{allowed}。"}
        )


ORG_FIELDS = ("name", "level", "category", "form", "host_unit", "address", "unit_head", "headcount",
              "resident_population", "villages_total", "founded_on")


@transaction.atomic
def create_org(*, parent: Organization, by: User, **fields) -> Organization:
    scoping.require(by, "org.add_child", parent)
    if parent.is_dissolved:
        raise ValidationError("已撤销的组织下不能新建组织。")
    _check_child_level(parent, fields.get("level", ""))
    parent = Organization.objects.select_for_update().get(pk=parent.pk)
    org = Organization.objects.add_child(parent, {k: v for k, v in fields.items() if k in ORG_FIELDS})
    _record(org, ChangeKind.CREATED, by=by, parent=parent.name)
    return org


@transaction.atomic
def update_org(org: Organization, *, by: User, **fields) -> Organization:
    scoping.require(by, "org.edit", org)
    changed = {}
    for name, value in fields.items():
        if name in ORG_FIELDS and name != "level" and getattr(org, name) != value:
            changed[name] = [_jsonable(getattr(org, name)), _jsonable(value)]
            setattr(org, name, value)
    if changed:
        org.full_clean(exclude=["path", "depth", "numchild"])
        org.save(update_fields=list(changed))
        _record(org, ChangeKind.UPDATED, by=by, changes=changed)
    return org


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def move_org(org: Organization, *, new_parent: Organization, by: User) -> Organization:
    """Put ``org`` (and its whole subtree) under ``new_parent``; both must be in the mover's scope."""
    scoping.require(by, "org.restructure", org)
    scoping.require(by, "org.add_child", new_parent)
    if new_parent.is_within(org):
        raise ValidationError({"new_parent": "不能移动到自身或其下级组织之下。"})
    if new_parent.is_dissolved:
        raise ValidationError({"new_parent": "不能移动到已撤销的组织之下。"})
    _check_child_level(new_parent, org.level)
    old_parent = Organization.objects.get_parent(org)
    Organization.objects.move(org, new_parent, pos="sorted-child")
    org.refresh_from_db()
    _record(org, ChangeKind.MOVED, by=by, counterpart=new_parent,
            old_parent=old_parent.name if old_parent else "", new_parent=new_parent.name)
    return org


def _move_children_and_people(source: Organization, target: Organization, *, by: User, on: date) -> dict:
    """Children of ``source`` go under ``target``; its registered dependents point at ``target``
    (those with a ``mover`` close their dated history at ``source`` and open it at ``target`` on ``on``)."""
    moved = {"children": 0}
    for child in list(Organization.objects.get_children(source)):
        _check_child_level(target, child.level)
        Organization.objects.move(child, target, pos="sorted-child")
        moved["children"] += 1
    for dep in org_dependents():
        if dep.mover is not None:
            count = dep.mover(source, target, on=on, by=by)
        else:
            count = dep.model._default_manager.filter(**{dep.field: source}).update(**{dep.field: target})
        moved[dep.label] = count
    User.objects.filter(org=source).update(org=target)
    return moved


@transaction.atomic
def merge_org(source: Organization, *, into: Organization, by: User) -> Organization:
    """Merge ``source`` into ``into``: its children, members, volunteers and accounts move to
    ``into`` and ``source`` is marked dissolved, with a history row on both sides."""
    scoping.require(by, "org.restructure", source)
    scoping.require(by, "org.add_child", into)
    if into.is_within(source):
        raise ValidationError({"into": "不能并入自身或其下级组织。"})
    if into.is_dissolved:
        raise ValidationError({"into": "不能并入已撤销的组织。"})
    source, into = _lock(source, into)
    on = timezone.localdate()
    moved = _move_children_and_people(source, into, by=by, on=on)
    _mark_dissolved(source, on)
    _record(source, ChangeKind.MERGED_INTO, by=by, counterpart=into, target=into.name, moved=moved)
    _record(into, ChangeKind.ABSORBED, by=by, counterpart=source, source=source.name, moved=moved)
    return into


@transaction.atomic
def dissolve_org(org: Organization, *, successor: Organization, by: User, reason: str = "") -> Organization:
    """Dissolve (撤销) ``org``; its children and people move to ``successor`` in the same step."""
    scoping.require(by, "org.restructure", org)
    scoping.require(by, "org.add_child", successor)
    if successor.is_within(org):
        raise ValidationError({"successor": "接收组织不能是被撤销组织本身或其下级。"})
    if successor.is_dissolved:
        raise ValidationError({"successor": "接收组织已撤销。"})
    org, successor = _lock(org, successor)
    on = timezone.localdate()
    moved = _move_children_and_people(org, successor, by=by, on=on)
    _mark_dissolved(org, on)
    _record(org, ChangeKind.DISSOLVED, by=by, counterpart=successor, successor=successor.name,
            reason=reason, moved=moved)
    _record(successor, ChangeKind.RECEIVED, by=by, counterpart=org, source=org.name, moved=moved)
    return org


def _lock(*orgs: Organization) -> list[Organization]:
    """Lock the rows in a fixed order (by pk) so that two concurrent restructurings cannot deadlock."""
    locked = {o.pk: o for o in Organization.objects.select_for_update().filter(pk__in=[o.pk for o in orgs])
              .order_by("pk")}
    if any(o.is_dissolved for o in locked.values()):
        raise ValidationError("该组织已撤销，不能再次合并或撤销。")
    return [locked[o.pk] for o in orgs]


@transaction.atomic
def mark_filed(org: Organization, *, founded_on: date | None, by: User) -> Organization:
    """筹建 → 已备案 with the founding date of the approved 备案表 (seed 000 §四: 报区红十字会备案存档).
    Called by ``filings.workflow.approve_filing``, inside its transaction; the reviewer who
    approved is the one who changes the org."""
    scoping.require(by, "filing.review", org)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if org.is_dissolved:
        raise ValidationError(f"“{org.name}”已撤销，不能备案。")
    changed = {name: [_jsonable(getattr(org, name)), _jsonable(value)]
               for name, value in (("status", OrgStatus.FILED), ("founded_on", founded_on))
               if getattr(org, name) != value}
    if changed:
        org.status, org.founded_on = OrgStatus.FILED, founded_on
        org._history_user = by  # simple-history: who made this change
        org.save(update_fields=list(changed))
        _record(org, ChangeKind.UPDATED, by=by, changes=changed)
    return org


def _mark_dissolved(org: Organization, on: date) -> None:
    org.status = OrgStatus.DISSOLVED
    org.dissolved_on = on
    org.save(update_fields=["status", "dissolved_on"])


# --- accounts -----------------------------------------------------------------------------------

@transaction.atomic
def create_account(*, by: User, username: str, password: str, org: Organization, role: str,
                   full_name: str = "", email: str = "") -> User:
    scoping.require(by, "account.manage", org)
    _check_role_fits_org(role, org)
    user = User(username=username, org=org, role=role, full_name=full_name, email=email,
                must_change_password=True)  # the admin chose it: the owner replaces it at first sign-in
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record("account.created", user=by, obj=user, org=org, role=role)
    return user


@transaction.atomic
def update_account(account: User, *, by: User, **fields) -> User:
    scoping.require(by, "account.manage", account)
    if account.pk == by.pk and ("role" in fields or fields.get("is_active") is False):
        raise ValidationError("不能修改自己的角色或停用自己的账号。")
    new_org = fields.get("org", account.org)
    scoping.require(by, "account.manage", new_org)
    _check_role_fits_org(fields.get("role", account.role), new_org)
    changes = {}
    for name in ("full_name", "email", "org", "role", "is_active"):
        if name in fields and getattr(account, name) != fields[name]:
            changes[name] = [str(getattr(account, name)), str(fields[name])]
            setattr(account, name, fields[name])
    account.save()
    if changes:
        audit.record("account.changed", user=by, obj=account, org=account.org, changes=changes)
    return account


def _check_role_fits_org(role: str, org: Organization) -> None:
    if role in ("reviewer",) and org.level not in BODY_LEVELS:
        raise ValidationError({"role": "审核员只能设在县级以上红十字会。"})


@transaction.atomic
def change_password(user: User, *, new_password: str) -> User:
    """The owner sets a new password (after re-entering the current one, ``PasswordChangeForm``);
    this ends the forced change of an initial password."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record("account.password_changed", user=user, obj=user, org=user.org)
    return user
