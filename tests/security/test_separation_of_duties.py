"""Service hours are entered by one account and decided by another (``HOURS_SEPARATION_OF_DUTIES``,
on by default): the account that entered a record may neither approve nor reject it, is told why
in Chinese, and is not offered the buttons."""

from datetime import date

import pytest
from django.urls import reverse

from tests.volunteers import factories as vf
from volunteers.models import RecordStatus, ServiceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def entered(cast, login):
    """t1's staff member enters two hours through the page, as in the attack."""
    volunteer = vf.volunteer(cast.t1, cast.t1_staff, name="时长志愿者")
    response = login(cast.t1_staff).post(reverse("volunteers:log_hours", args=[volunteer.pk]),
                                         {"served_on": "2026-03-01", "hours": "2"})
    assert response.status_code == 302
    return ServiceRecord.objects.get(volunteer=volunteer)


def _decide(client, record, decision):
    return client.post(reverse("volunteers:record_decide", args=[record.pk]), {"decision": decision}, follow=True)


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_the_account_that_entered_hours_cannot_decide_them(cast, login, entered, decision):
    client = login(cast.t1_staff)
    page = client.get(reverse("volunteers:records")).content.decode()
    assert entered.volunteer.name in page
    assert reverse("volunteers:record_decide", args=[entered.pk]) not in page  # no buttons offered
    response = _decide(client, entered, decision)
    assert "登记服务时长的账号不能审核同一条记录" in response.content.decode()
    assert ServiceRecord.objects.get(pk=entered.pk).status == RecordStatus.PENDING
    # someone else of the approving org, or above it, may
    reviewer = login(cast.d1_reviewer)
    assert reverse("volunteers:record_decide", args=[entered.pk]) in reviewer.get(
        reverse("volunteers:records")).content.decode()
    _decide(reviewer, entered, decision)
    decided = ServiceRecord.objects.get(pk=entered.pk)
    assert decided.status == (RecordStatus.APPROVED if decision == "approve" else RecordStatus.REJECTED)
    assert decided.decided_by == cast.d1_reviewer


def test_superusers_are_bound_too(cast):
    from django.core.exceptions import ValidationError

    from volunteers import services

    record = services.log_hours(vf.volunteer(cast.t1, cast.operator), by=cast.operator, served_on=date(2026, 3, 1),
                                hours=1)
    with pytest.raises(ValidationError, match="不能审核同一条记录"):
        services.approve_record(record, by=cast.operator)


def test_the_rule_can_be_switched_off(cast, login, entered, settings):
    settings.PORTAL = {**settings.PORTAL, "HOURS_SEPARATION_OF_DUTIES": False}
    client = login(cast.t1_staff)
    assert reverse("volunteers:record_decide", args=[entered.pk]) in client.get(
        reverse("volunteers:records")).content.decode()
    _decide(client, entered, "approve")
    assert ServiceRecord.objects.get(pk=entered.pk).status == RecordStatus.APPROVED
