"""What an operator reads when a backup or restore command fails: one Chinese line on stderr
and exit status 1, without the exception's class name or a traceback (``--traceback`` shows it)."""

import sys

from django.core.management.base import BaseCommand, CommandError


class OperatorCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)
