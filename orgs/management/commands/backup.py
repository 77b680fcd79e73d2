from pathlib import Path

from django.core.management.base import BaseCommand

from orgs import backup


class Command(BaseCommand):
    help = "备份全部数据（数据库记录和上传文件）到一个 .zip 文件。"

    def add_arguments(self, parser):
        parser.add_argument("output", help="备份文件路径，如 backup-20261123.zip")

    def handle(self, *args, output, **options):
        manifest = backup.backup(Path(output))
        self.stdout.write(self.style.SUCCESS(
            f"已备份 {sum(manifest['counts'].values())} 条记录、{len(manifest['media'])} 个文件到 {output}"))
