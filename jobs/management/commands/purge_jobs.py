from django.core.management.base import BaseCommand

from jobs import services


class Command(BaseCommand):
    help = "删除过期的后台任务及其上传文件和结果文件（建议每日定时运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="保留天数（默认 7 天）")

    def handle(self, *args, days, **options):
        count = services.purge(days=days)
        self.stdout.write(self.style.SUCCESS(f"已删除 {count} 个过期的后台任务。"))
