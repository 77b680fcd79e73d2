from django.core.management.base import BaseCommand

from lib import audit, pii


class Command(BaseCommand):
    help = ("用 PII_ENCRYPTION_KEY 中的第一个密钥重新加密全部身份证号码（含修改历史）。"
            "轮换密钥：把新密钥放在最前面，运行本命令，确认后再删去旧密钥。")

    def handle(self, *args, **options):
        count = pii.rotate_all()
        audit.record("pii.rotate_key", count=count)
        self.stdout.write(self.style.SUCCESS(f"已重新加密 {count} 个身份证号码。"))
