"""Writes of an org's activities and 五有/六有 facts (keyword-only ``by=``, scope and role through
``orgs.scoping``, one transaction). Staff who keep volunteers record them (``volunteer.edit``)."""

from django.db import transaction

from grassroots.models import Activity, OrgProfile
from orgs import scoping
from orgs.models import Organization, User


@transaction.atomic
def create_activity(*, org: Organization, by: User, roster=(), **fields) -> Activity:
    scoping.require(by, "volunteer.edit", org)
    activity = Activity(org=org, **fields)
    activity.full_clean()
    activity.save()
    activity.roster.set(roster)
    return activity


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
