from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from filings import stamping
from filings.models import Filing


class Command(BaseCommand):
    help = "把一份备案表渲染为 PDF（运维使用）。"

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--filing", type=int, help="备案表 ID")
        which.add_argument("--org", type=int, help="组织 ID")
        parser.add_argument("-o", "--output", required=True, help="输出文件")

    def handle(self, *args, filing=None, org=None, output, **options):
        lookup = {"pk": filing} if filing else {"org_id": org}
        try:
            obj = Filing.objects.select_related("org").get(**lookup)
        except Filing.DoesNotExist:
            raise CommandError("未找到该备案表。") from None
        try:
            data = stamping.pdf_of_record(obj)  # a filed filing still without its PDF gets it now
        except stamping.StampFailed as exc:
            raise CommandError(str(exc)) from exc
        Path(output).write_bytes(data)
        self.stdout.write(f"已写入 {output}（{len(data)} 字节）")
