"""Service teams, activities with their rosters, and the 五有/六有 facts of an org."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lib import audit
from orgs import scoping
from orgs.models import Organization, User
from volunteers.models import (
    Activity,
    RecordStatus,
    ServiceRecord,
    ServiceTeam,
    TeamMembership,
    Volunteer,
)


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
