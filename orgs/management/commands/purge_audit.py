from django.core.management.base import BaseCommand

from lib import audit
from orgs import lockout


class Command(BaseCommand):
    help = (f"删除超过保存期限（至少 {audit.RETENTION_DAYS} 天）的审计日志，以及一天前的登录失败明细"
            "（锁定判断用）。建议每日定时运行。")

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"已删除 {audit.purge()} 条过期审计日志。"))
        self.stdout.write(self.style.SUCCESS(f"已删除 {lockout.purge()} 条过期登录失败明细。"))
