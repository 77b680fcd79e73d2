from django.core.management.base import BaseCommand

from orgs import audit


class Command(BaseCommand):
    help = f"删除超过保存期限（至少 {audit.RETENTION_DAYS} 天）的审计日志。建议每日定时运行。"

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"已删除 {audit.purge()} 条过期审计日志。"))
