from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orgs import backup


class Command(BaseCommand):
    help = "从 backup 命令生成的 .zip 恢复到新建（已迁移、无数据）的数据库，并核对记录数和文件校验值。"

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="目标数据库已有数据时仍然恢复")

    def handle(self, *args, archive, force, **options):
        try:
            manifest = backup.restore(Path(archive), allow_non_empty=force)
        except backup.RestoreError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"已恢复并核对 {sum(manifest['counts'].values())} 条记录、{len(manifest['media'])} 个文件。"))
