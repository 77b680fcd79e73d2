"""The daily reminders of running campaigns (``manage.py remind_campaigns``): a unit whose stage
is due within ``CAMPAIGN_REMIND_DAYS`` days or already late is told in-app and by e-mail, at most
once a day, in one message for all its campaigns; a unit late by ``CAMPAIGN_ESCALATE_DAYS`` days
or more is also reported to the body above it (seed 000 五（三）：区红十字会督查)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import notifications.services as notifications
from campaigns import progress
from campaigns.models import Campaign
from orgs.models import Role, User

REMINDED = notifications.reason("campaign.reminder", "督查提醒")
ESCALATED = notifications.reason("campaign.escalation", "督查超期报告")


@dataclass
class Sent:
    units: int = 0
    escalated: int = 0


def running(today: date):
    return Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today).select_related("org")


def _due_line(campaign, state) -> str:
    if state.state == progress.LATE:
        return f"{campaign.name}“{state.stage.name}”已超期 {state.days_late} 天"
    when = "今天到期" if state.days_left == 0 else f"还剩 {state.days_left} 天"
    return f"{campaign.name}“{state.stage.name}”{when}（{state.stage.due_on:%m月%d日}前）"


def _late_link(campaign, org, body) -> str:
    """The board when the body can see it (it owns the campaign or is above), else the unit's page."""
    if campaign.org.is_within(body):
        return reverse("campaigns:board", args=[campaign.pk]) + "?state=late"
    return reverse("campaigns:unit", args=[org.pk])


def remind(today: date | None = None) -> Sent:
    """Remind every unit of every running campaign; returns how many units and escalations."""
    today = today or timezone.localdate()
    window = settings.PORTAL["CAMPAIGN_REMIND_DAYS"]
    escalate_after = settings.PORTAL["CAMPAIGN_ESCALATE_DAYS"]
    lines = defaultdict(list)   # unit pk → what it is told
    units = {}
    late_units = defaultdict(list)  # campaign → [(unit, days late)] worth telling the body above
    for campaign in running(today):
        for row in progress.unit_rows(campaign, campaign.units(), today):
            due = [s for s in row.stages
                   if s.state == progress.LATE or (s.state == progress.PENDING and s.days_left <= window)]
            if not due:
                continue
            units[row.org.pk] = row.org
            lines[row.org.pk] += [_due_line(campaign, s) for s in due]
            worst = max((s.days_late for s in due if s.state == progress.LATE), default=0)
            if worst >= escalate_after:
                late_units[campaign].append((row.org, worst))
    sent = Sent()
    for pk, said in lines.items():
        org = units[pk]
        with transaction.atomic():
            # one key per unit and not per campaign: at most one reminder a day whatever it takes part in
            notifications.notify(User.objects.filter(org=org, role__in=(Role.STAFF, Role.ADMIN)),
                                 "【督查提醒】" + "；".join(said) + "。请补齐缺少的事项。", reason=REMINDED,
                                 link=reverse("campaigns:unit", args=[org.pk]), org=org,
                                 about_key=f"campaign-unit:{org.pk}", once_a_day=True)
        sent.units += 1
    for campaign, late in late_units.items():
        for org, days in late:
            body = org.reviewing_body()
            if body is None:
                continue
            with transaction.atomic():
                notifications.notify(User.objects.filter(org=body, role__in=(Role.REVIEWER, Role.ADMIN)),
                                     f"【督查超期】{org.name}在“{campaign.name}”中已超期 {days} 天，请督促。",
                                     reason=ESCALATED,
                                     link=_late_link(campaign, org, body),
                                     org=org, about_key=f"campaign-late:{campaign.pk}:{org.pk}", once_a_day=True)
            sent.escalated += 1
    return sent
