from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organization
from reports import excel
from reports.report import DEFAULT_BASE_YEAR, build_report


class Command(BaseCommand):
    help = "导出某组织辖区截至某日的统计表（seed 002 附件1、附件2）到 Excel。"

    def add_arguments(self, parser):
        parser.add_argument("--org", type=int, required=True, help="组织 ID")
        parser.add_argument("--as-of", type=date.fromisoformat, required=True, help="统计截止日期 YYYY-MM-DD")
        parser.add_argument("--base-year", type=int, default=DEFAULT_BASE_YEAR)
        parser.add_argument("-o", "--output", required=True, help="输出 .xlsx 文件")

    def handle(self, *args, org, as_of, base_year, output, **options):
        try:
            root = Organization.objects.get(pk=org)
        except Organization.DoesNotExist:
            raise CommandError(f"组织 {org} 不存在。") from None
        if base_year >= as_of.year:
            raise CommandError("对比基准年须早于统计截止日期所在年份。")
        Path(output).write_bytes(excel.workbook_bytes(build_report(root, as_of, base_year)))
        self.stdout.write(self.style.SUCCESS(f"已导出 {root.name} 截至 {as_of} 的统计到 {output}"))
