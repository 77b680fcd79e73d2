import logging
from pathlib import Path

from django.core.management.base import CommandError

from lib import backup
from lib.backup.command import OperatorCommand


class Command(OperatorCommand):
    help = ("从 backup 命令生成的 .zip 恢复到新建并已迁移（migrate）的数据库，核对每张表的记录数和 SHA-256；"
            "任何一步失败，数据库和上传文件都保持原样。")

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true",
                            help="目标数据库已有数据时，清空后用备份覆盖（确认是要覆盖时才用）")

    def handle(self, *args, archive, force, **options):
        # a connection lost in the middle of COPY is reported once, in Chinese, below
        logging.getLogger("psycopg").setLevel(logging.ERROR)
        try:
            manifest = backup.restore(Path(archive), allow_non_empty=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(f"已恢复并核对 {rows} 条记录、{len(manifest['media'])} 个文件。"))
