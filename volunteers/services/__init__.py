"""Writes of the volunteers app, one module per concern. Views, admin, the import command and
tests all call these (``services.register_volunteer(...)``): each takes the acting user keyword-only
(``by=``), checks scope and role through ``orgs.scoping``, validates, and runs in one transaction."""

from people.privacy import reveal
from volunteers.services.awards import (
    award_stars,
    issue_certificate,
    withdraw_award,
)
from volunteers.services.hours import (
    approve_record,
    can_decide,
    log_hours,
    log_roster_hours,
    reject_record,
    report_own_hours,
)
from volunteers.services.links import (
    link_member,
    link_new_members,
    member_with_same_id,
    unlink_member,
)
from volunteers.services.register import (
    VOLUNTEER_FIELDS,
    close_spell,
    move_volunteer,
    move_volunteers_with_org,
    open_account,
    register_volunteer,
    update_volunteer,
)
from volunteers.services.teams import (
    add_to_roster,
    add_to_team,
    create_team,
    leave_team,
    move_teams_with_org,
    remove_from_roster,
)

__all__ = [
    "reveal",
    "VOLUNTEER_FIELDS", "add_to_roster", "add_to_team", "approve_record", "award_stars", "can_decide",
    "close_spell", "create_team", "issue_certificate", "leave_team",
    "link_member", "link_new_members", "log_hours", "log_roster_hours", "member_with_same_id",
    "move_teams_with_org", "move_volunteer", "move_volunteers_with_org", "open_account", "register_volunteer",
    "reject_record", "remove_from_roster", "report_own_hours", "unlink_member",
    "update_volunteer", "withdraw_award",
]
