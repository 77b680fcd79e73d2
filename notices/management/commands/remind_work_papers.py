from django.core.management.base import BaseCommand

from notices import papers


class Command(BaseCommand):
    help = "提醒尚未上传本年度工作计划或工作总结的单位（截止日期前若干天起，每人每天最多一次）；请每天运行。"

    def handle(self, *args, **options):
        count = papers.remind_due()
        self.stdout.write(f"已提醒 {count} 个单位。")
