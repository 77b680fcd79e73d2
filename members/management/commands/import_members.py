from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members import excel
from orgs.models import Organization, User


class Command(BaseCommand):
    help = "从 .xlsx 导入会员（全部行无误才保存）。所属组织编号为空的行登记到 --org。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", type=int, required=True, help="默认所属组织编号")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")

    def handle(self, *args, file, org, dry_run, **options):
        try:
            default_org = Organization.objects.get(pk=org)
        except Organization.DoesNotExist:
            raise CommandError(f"组织 {org} 不存在。") from None
        operator = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if operator is None:
            raise CommandError("需要一个启用的超级用户账号来记录导入人。")
        with open(file, "rb") as fh:
            try:
                result = excel.import_members(fh, by=operator, dry_run=dry_run,
                                              default_org=default_org, within=default_org)
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from None
        for number, _row, reasons in result.failed:
            self.stderr.write(f"第{number}行：{'；'.join(reasons)}")
        if result.failed:
            raise CommandError(f"{len(result.failed)} 行有误，未保存任何数据。")
        if dry_run:
            self.stdout.write(f"检查通过：{result.total} 行（未保存）。")
        else:
            self.stdout.write(f"已导入 {result.saved} 名会员。")
