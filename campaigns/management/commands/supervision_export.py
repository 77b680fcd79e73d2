"""``manage.py supervision_export --campaign ID --as-of YYYY-MM-DD -o FILE.xlsx``: the board's workbook."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from campaigns import board as boards
from campaigns.models import Campaign


class Command(BaseCommand):
    help = "导出督查表（与督查页面的“导出 Excel”相同：每个单位一行，各阶段状态、超期天数、得分）。"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, required=True, help="督查工作编号")
        parser.add_argument("--as-of", default=None, help="截至日期 YYYY-MM-DD，默认今天")
        parser.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件")

    def handle(self, *args, campaign, as_of, output, **options):
        found = Campaign.objects.select_related("org").filter(pk=campaign).first()
        if found is None:
            raise CommandError(f"没有编号为 {campaign} 的督查工作。")
        try:
            day = date.fromisoformat(as_of) if as_of else date.today()
        except ValueError:
            raise CommandError("截至日期格式应为 YYYY-MM-DD。") from None
        board = boards.build(found, found.units(), day)
        count = boards.write_workbook(board, output)
        self.stdout.write(f"已导出 {count} 个单位到 {output}。")
