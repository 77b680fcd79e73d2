"""``python manage.py import_volunteers FILE --org ORG_ID [--dry-run] [--by USERNAME]``

Same rules as the import page: every bad row is listed, nothing is saved unless all rows are good.
Acts as ``--by`` (default: the first active superuser), so scoping and history stay honest.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organization, User
from volunteers import excel


class Command(BaseCommand):
    help = "从 Excel 导入志愿者（全部正确才保存）"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--by", help="以该账号的权限导入（默认：第一个超级管理员）")

    def handle(self, *args, file, org, dry_run, by, **options):
        actor = (User.objects.filter(username=by, is_active=True).first() if by else
                 User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first())
        if actor is None:
            raise CommandError("找不到执行导入的账号。")
        target = Organization.objects.filter(pk=org).first()
        if target is None:
            raise CommandError(f"组织 {org} 不存在。")
        try:
            result = excel.import_file(Path(file).read_bytes(), "volunteers", org=target, by=actor,
                                       dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        for number, reasons in result.errors:
            self.stderr.write(f"第 {number} 行：{'；'.join(reasons)}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} 行有误，未保存任何数据。")
        self.stdout.write(f"共 {result.total} 行{'检查通过（未保存）' if dry_run else '已导入'}。")
