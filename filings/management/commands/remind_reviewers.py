from django.core.management.base import BaseCommand

from filings import workflow


class Command(BaseCommand):
    help = "提醒审核员处理超期未审核的备案表（建议每日定时运行）。"

    def handle(self, *args, **options):
        count = workflow.remind_overdue()
        self.stdout.write(f"已提醒 {count} 份超期备案表的审核员。")
