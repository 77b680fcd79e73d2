"""``manage.py load_demo``: the demo region, alive (fixtures/demo_region.json and ``demo/``)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import (
    filing_states,
    membership,
    noticeboard,
    relief,
    signing_setup,
    supervision,
    target_split,
    training,
    tree,
    volunteering,
    year_end,
)
from demo.people import People
from demo.region import Region
from members.models import Member
from orgs.models import Organization

SEED = 2022


class Command(BaseCommand):
    help = ("载入演示辖区（雁江区）：组织树和各角色演示账号，以及各种状态的备案表、会员、志愿者、活动、通知公文、"
            "督查、年度统计、救灾物资和捐赠、培训班与学员名册；已载入的部分跳过，重复运行不改变任何数据。")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(Path(settings.BASE_DIR) / "fixtures" / "demo_region.json"))

    @transaction.atomic
    def handle(self, *args, file, **options):
        data = tree.read(file)
        people = People(SEED)
        if not Organization.objects.filter(depth=1, name=data["tree"]["name"]).exists():
            tree.load_tree(data, people)
        region = Region(accounts=tree.load_accounts(data, people), people=people)
        district = region.org("雁江区红十字会")
        relief.make_relief(region)  # skips itself once loaded, so an older demo database gains it too
        training.make_training(region)  # likewise
        if Member.objects.filter(org__path__startswith=district.path).exists():
            supervision.make_campaign(region)  # a region loaded before campaigns existed gets one
            target_split.split_targets(region)
            self.stdout.write("演示数据已存在，跳过。")
            return
        members = membership.make_members(region)
        signing_setup.make_signing(region)  # before the filings: their PDFs are signed when approved
        filings = filing_states.make_filings(region)
        volunteers = volunteering.make_volunteers(region, password=data["password"])
        year_end.make_plan_and_report(region)
        notices = noticeboard.make_notices(region)
        noticeboard.return_an_older_year_end(region)
        supervision.make_campaign(region)
        target_split.split_targets(region)
        noticeboard.publicise_awards(region)
        noticeboard.file_work_papers(region)
        self.stdout.write(self.style.SUCCESS(
            f"已载入 {Organization.objects.count()} 个组织、{len(region.accounts)} 个演示账号、{len(members)} 名会员、"
            f"{len(volunteers)} 名志愿者、{len(filings)} 份备案表、{len(notices)} 份通知。"))
