"""``manage.py certificate_pdf --certificate ID -o FILE.pdf``: one 救护员证 as its PDF, for an
operator (reprinting outside the portal, checking a layout)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training import certificates
from training.models import Certificate


class Command(BaseCommand):
    help = "将一本救护员证输出为 PDF 文件。"

    def add_arguments(self, parser):
        parser.add_argument("--certificate", type=int, required=True, help="救护员证的编号（数据库 ID）")
        parser.add_argument("-o", "--output", required=True, help="输出的 PDF 文件路径")

    def handle(self, *args, certificate, output, **options):
        try:
            cert = Certificate.objects.select_related(
                "issuer", "trainee", "enrollment__training_class__org").get(pk=certificate)
        except Certificate.DoesNotExist:
            raise CommandError(f"救护员证不存在：{certificate}") from None
        Path(output).write_bytes(certificates.render(cert))
        self.stdout.write(f"已写入 {output}（{cert.number}）")
