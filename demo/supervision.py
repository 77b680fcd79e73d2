"""雁江区's campaign of seed 000 (四、实施步骤), its stage dates moved into the demo's year, with
units in every situation: on time, late and then done, late still, not yet due. Every fact is
entered through ``campaigns.services`` by the unit's own account (the paper copy by the district)."""

from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns import reminders, services
from campaigns.models import Campaign
from demo.papers import scan_pdf
from demo.region import Region

NAME = "红十字会基层组织建设督查"
TITLES = {"candidates": "人选推荐名单", "election": "选举结果", "plan": "红十字会工作计划", "rules": "红十字会工作制度"}

#: unit → {fact: (month, day) it was done}; absent facts were not done
SITUATIONS = {
    "三贤祠街道红十字会": {"candidates": (9, 20), "election": (10, 25), "staff": (10, 1), "paper": (11, 20),
                      "plan": (11, 25), "rules": (11, 25)},
    "区卫生健康局红十字会": {"candidates": (9, 28), "election": (10, 30), "staff": (11, 1), "paper": (11, 16)},
    "莲花街道红十字会": {"candidates": (9, 25), "election": (11, 5), "staff": (10, 10)},
    "宝台镇红十字会": {"candidates": (10, 8), "staff": (11, 10)},
    "区民政局红十字会": {"candidates": (9, 29), "election": (10, 28)},
    "区教育局红十字会": {"candidates": (9, 30)},
}


def demo_year(today: date) -> int:
    """The seed's stages in the demo's own year once its 组织实施 stage (10/31) has passed; before
    that, last year's, so that the board always shows units late and on time."""
    return today.year if today >= date(today.year, 10, 31) else today.year - 1


def make_campaign(region: Region) -> Campaign:
    district = region.org("雁江区红十字会")
    found = Campaign.objects.filter(org=district, name=NAME).first()
    if found:
        return found
    year = demo_year(region.today)
    campaign = services.open_campaign(by=region.account("yj_admin"), name=NAME, starts_on=date(year, 9, 1),
                                      ends_on=date(year, 12, 31), stages=services.seed_stages(year))
    for name, facts in SITUATIONS.items():
        _enter(region, region.org(name), facts, year)
    # the daily reminder's first run, so that the late units' inboxes and the district's hold it
    # (a campaign of last year is reminded as of its last day)
    reminders.remind(min(region.today, campaign.ends_on))
    return campaign


def _on(year, month_day) -> date:
    return date(year, *month_day)


def _enter(region: Region, org, facts: dict, year: int) -> None:
    staff = region.staff_of(org)
    for kind, title in TITLES.items():
        if kind in facts:
            day = min(_on(year, facts[kind]), region.today)
            content = scan_pdf(f"{org.name}{title}", [f"{year}年{title}"], sealed_by=org.name,
                               dated=f"{day:%Y年%m月%d日}")
            at = timezone.make_aware(datetime.combine(day, time(10)))
            services.upload_document(org, kind=kind, upload=SimpleUploadedFile(f"{title}.pdf", content), by=staff,
                                     at=at)
    if "staff" in facts:
        services.name_staff(org, by=staff, name=region.people.person(date(1975, 1, 1), date(1998, 12, 31))[0],
                            post="红十字会专职干事", phone=region.people.phone(),
                            starts_on=min(_on(year, facts["staff"]), region.today))
    if "paper" in facts:
        services.record_paper_copy(org, received_on=min(_on(year, facts["paper"]), region.today),
                                   by=region.account("yj_reviewer"))
