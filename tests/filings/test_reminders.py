"""Filings waiting longer than PORTAL["REVIEW_OVERDUE_DAYS"]: their reviewers are reminded."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from filings.models import Filing
from filings.workflow import REMINDER_PREFIX
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _remind(capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("remind_reviewers", stdout=out)
    return out.getvalue()


def test_overdue_filing_reminds_its_reviewers_once_a_day(submitted_filing, cast, settings,
                                                          django_capture_on_commit_callbacks):
    settings.PORTAL = {**settings.PORTAL, "REVIEW_OVERDUE_DAYS": 7}
    cast.d1_reviewer.email = "reviewer@example.cn"
    cast.d1_reviewer.save()
    Filing.objects.filter(pk=submitted_filing.pk).update(submitted_at=timezone.now() - timedelta(days=9))
    mail.outbox.clear()

    assert "已提醒 1 份" in _remind(django_capture_on_commit_callbacks)
    reminders = Notification.objects.filter(message__startswith=REMINDER_PREFIX)
    assert {n.user for n in reminders} == {cast.d1_reviewer, cast.d1_admin}
    assert "已等待审核 9 天" in reminders.first().message
    assert [m.to for m in mail.outbox] == [["reviewer@example.cn"]]
    assert cast.t2_staff not in {n.user for n in reminders}

    assert "已提醒 0 份" in _remind(django_capture_on_commit_callbacks)  # same day: not again
    assert Notification.objects.filter(message__startswith=REMINDER_PREFIX).count() == 2


def test_filing_within_the_limit_is_not_reminded(submitted_filing, settings, django_capture_on_commit_callbacks):
    settings.PORTAL = {**settings.PORTAL, "REVIEW_OVERDUE_DAYS": 7}
    Filing.objects.filter(pk=submitted_filing.pk).update(submitted_at=timezone.now() - timedelta(days=6))
    assert "已提醒 0 份" in _remind(django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(message__startswith=REMINDER_PREFIX).exists()
