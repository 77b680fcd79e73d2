"""The daily reminders: due within N days or late, once a day per unit, and the body above told
after M days late; through the command, as cron runs it."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from campaigns import services
from notifications.models import Notification
from tests.campaigns.conftest import pdf

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def campaign(cast, settings):
    settings.PORTAL = {**settings.PORTAL, "CAMPAIGN_REMIND_DAYS": 5, "CAMPAIGN_ESCALATE_DAYS": 10}
    return services.open_campaign(by=cast.d1_admin, name="基层组织建设", starts_on=date(2022, 9, 1),
                                  ends_on=date(2022, 12, 31), stages=services.seed_stages(2022))


def run_on(day, capture):
    out = StringIO()
    with capture(execute=True):
        call_command("remind_campaigns", "--as-of", day.isoformat(), stdout=out)
    return out.getvalue()


def a_day_passes():
    Notification.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))


def inbox(user, reason):
    return list(Notification.objects.filter(user=user, reason=reason).order_by("pk"))


def test_nobody_is_told_before_the_window(campaign, cast, django_capture_on_commit_callbacks):
    assert "已提醒 0 个单位" in run_on(date(2022, 9, 24), django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 0


def test_due_soon_reaches_the_unit_in_app_and_by_mail_once_a_day(campaign, cast, django_capture_on_commit_callbacks):
    cast.t1_staff.email, cast.t1_staff.email_notifications = "t1@example.org", True
    cast.t1_staff.save()
    out = run_on(date(2022, 9, 26), django_capture_on_commit_callbacks)
    assert "已提醒 2 个单位，向上级报告 0 个超期单位" in out
    [note] = inbox(cast.t1_staff, "campaign.reminder")
    assert "基层组织建设“宣传发动”还剩 4 天（09月30日前）" in note.message
    assert note.link == f"/campaigns/unit/{cast.t1.pk}/"
    assert [m.to for m in mail.outbox] == [["t1@example.org"]] and "督查提醒" in mail.outbox[0].subject
    run_on(date(2022, 9, 26), django_capture_on_commit_callbacks)  # cron run twice the same day
    assert len(inbox(cast.t1_staff, "campaign.reminder")) == 1 and len(mail.outbox) == 1
    a_day_passes()
    run_on(date(2022, 9, 27), django_capture_on_commit_callbacks)
    assert len(inbox(cast.t1_staff, "campaign.reminder")) == 2


def test_a_unit_that_did_its_part_is_left_alone(campaign, cast, django_capture_on_commit_callbacks):
    services.upload_document(cast.t1, kind="candidates", upload=pdf(), by=cast.t1_staff,
                             at=datetime(2022, 9, 20, 10, tzinfo=TZ))
    run_on(date(2022, 9, 26), django_capture_on_commit_callbacks)
    assert inbox(cast.t1_staff, "campaign.reminder") == []
    assert len(inbox(cast.t2_staff, "campaign.reminder")) == 1


def test_late_unit_reminded_daily_and_the_body_above_told_after_m_days(campaign, cast,
                                                                       django_capture_on_commit_callbacks):
    run_on(date(2022, 10, 9), django_capture_on_commit_callbacks)  # 9 days late: not yet reported
    assert "宣传发动”已超期 9 天" in inbox(cast.t1_staff, "campaign.reminder")[0].message
    assert inbox(cast.d1_reviewer, "campaign.escalation") == []
    out = run_on(date(2022, 10, 10), django_capture_on_commit_callbacks)
    assert "向上级报告 2 个超期单位" in out
    told = {n.message for n in inbox(cast.d1_reviewer, "campaign.escalation")}
    assert told == {"【督查超期】莲花街道红十字会在“基层组织建设”中已超期 10 天，请督促。",
                    "【督查超期】宝台镇红十字会在“基层组织建设”中已超期 10 天，请督促。"}
    assert inbox(cast.d1_admin, "campaign.escalation")[0].link == f"/campaigns/{campaign.pk}/?state=late"
    assert inbox(cast.t1_staff, "campaign.escalation") == []  # the unit itself gets the reminder only
    run_on(date(2022, 10, 10), django_capture_on_commit_callbacks)
    assert len(inbox(cast.d1_reviewer, "campaign.escalation")) == 2


def test_a_finished_campaign_reminds_nobody(campaign, cast, django_capture_on_commit_callbacks):
    assert "已提醒 0 个单位" in run_on(date(2023, 1, 2), django_capture_on_commit_callbacks)
