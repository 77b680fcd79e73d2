"""The one mover (``filings.workflow._move``) over the table of allowed moves (``NEXT``)."""

import itertools

import pytest

from filings import workflow
from filings.models import NEXT, Event, Filing, Status
from orgs.models import AuditEvent, OrgChange, OrgStatus

pytestmark = pytest.mark.django_db


def reach(status, filing, cast):
    """Bring t1's complete draft to ``status`` through the public functions, as a user would."""
    if status in (Status.SUBMITTED, Status.RETURNED, Status.FILED):
        filing = workflow.submit_filing(filing, by=cast.t1_staff)
    if status == Status.RETURNED:
        filing = workflow.return_filing(filing, by=cast.d1_reviewer, comment="请补充")
    if status == Status.FILED:
        filing = workflow.approve_filing(filing, by=cast.d1_reviewer)
    return Filing.objects.get(pk=filing.pk)


PAIRS = list(itertools.product(Status.values, Status.values))


@pytest.mark.parametrize("old, new", PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_pair_of_states(complete_filing, cast, seals, old, new):
    filing = reach(old, complete_filing, cast)
    before = (Event.objects.count(), AuditEvent.objects.count(), filing.history.count(), filing.updated_at)
    if new in NEXT[old]:
        moved = workflow._move(filing, new, by=cast.d1_admin, note="测试")
        stored = Filing.objects.get(pk=filing.pk)
        assert moved.status == stored.status == new  # saved by the mover itself
        event = Event.objects.latest("id")
        assert (event.from_status, event.to_status, event.by, event.note) == (old, new, cast.d1_admin, "测试")
        assert stored.history.first().history_user == cast.d1_admin  # the mover records who
        assert AuditEvent.objects.latest("id").action == workflow.ACTIONS[new]
    else:
        with pytest.raises(workflow.IllegalMove):
            workflow._move(filing, new, by=cast.d1_admin)
        stored = Filing.objects.get(pk=filing.pk)
        assert stored.status == old
        after = (Event.objects.count(), AuditEvent.objects.count(), stored.history.count(), stored.updated_at)
        assert after == before


def test_each_business_action_is_audited_with_its_code(complete_filing, cast, seals):
    def actions():
        return list(AuditEvent.objects.filter(action__startswith="filing.").order_by("id")
                    .values_list("action", "username", "object_id"))

    filing = workflow.submit_filing(complete_filing, by=cast.t1_staff)
    filing = workflow.withdraw_filing(filing, by=cast.t1_staff)
    filing = workflow.submit_filing(filing, by=cast.t1_staff)
    filing = workflow.return_filing(filing, by=cast.d1_reviewer, comment="请补充")
    filing = workflow.submit_filing(filing, by=cast.t1_staff)
    workflow.approve_filing(filing, by=cast.d1_reviewer)
    pk = str(filing.pk)
    assert actions() == [("filing.submit", "t1_staff", pk), ("filing.withdraw", "t1_staff", pk),
                         ("filing.submit", "t1_staff", pk), ("filing.return", "d1_reviewer", pk),
                         ("filing.submit", "t1_staff", pk), ("filing.approve", "d1_reviewer", pk)]


def test_approval_marks_the_org_filed_through_the_org_services(submitted_filing, cast):
    workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    cast.t1.refresh_from_db()
    assert cast.t1.status == OrgStatus.FILED and cast.t1.founded_on == submitted_filing.founded_on
    change = OrgChange.objects.filter(org=cast.t1).latest("id")
    assert change.by == cast.d1_reviewer and change.detail["changes"]["status"] == ["planned", "filed"]
