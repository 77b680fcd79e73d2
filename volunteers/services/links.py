"""The same person as a member: linked by the ID blind index, or by staff."""

from django.core.exceptions import ValidationError
from django.db import transaction

from lib import audit, pii
from members.models import Member
from orgs import scoping
from orgs.models import User
from volunteers.models import (
    Volunteer,
)


def member_with_same_id(id_number: str, *, by: User) -> Member | None:
    """The member in ``by``'s scope whose ID blind index matches, if not yet linked elsewhere."""
    return (Member.objects.visible_to(by).filter(id_hash=pii.id_hash(id_number), volunteer__isnull=True)
            .first())


def link_new_members(members, *, by: User) -> int:
    """Called when members are created: link each to the volunteer in ``by``'s scope with the same
    ID (compared through the volunteers' own blind index, never in plain). Returns links made."""
    by_hash = {m.id_hash: m for m in members if m.id_hash}
    hashes, linked = list(by_hash), 0
    for start in range(0, len(hashes), 1000):  # bounded IN lists for big imports
        chunk = hashes[start:start + 1000]
        for volunteer in Volunteer.objects.visible_to(by).filter(id_hash__in=chunk, member__isnull=True):
            volunteer.member = by_hash[volunteer.id_hash]
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
    if member.id_hash != volunteer.id_hash:
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
