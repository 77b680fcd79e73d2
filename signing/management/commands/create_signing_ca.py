from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from signing import services


class Command(BaseCommand):
    help = "创建本平台的根证书（只需一次）：各审核机关的签名证书由它签发，根证书可在 /signing/ca.crt 下载。"

    def add_arguments(self, parser):
        parser.add_argument("--name", default=services.CA_NAME, help="根证书名称")

    def handle(self, *args, name, **options):
        try:
            authority = services.create_ca(name)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"已创建平台根证书：{authority.name}，SHA-256 指纹 {authority.fingerprint}")
