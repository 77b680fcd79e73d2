from pathlib import Path

from django.core.management.base import CommandError

from lib import backup
from lib.backup.command import OperatorCommand


class Command(OperatorCommand):
    help = "备份全部数据（数据库记录和上传文件）到一个 .zip 文件（不含后台任务及其上传文件）。"

    def add_arguments(self, parser):
        parser.add_argument("output", help="备份文件路径，如 backup-20261123.zip")

    def handle(self, *args, output, **options):
        try:
            manifest = backup.backup(Path(output))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(f"已备份 {rows} 条记录、{len(manifest['media'])} 个文件到 {output}"))
