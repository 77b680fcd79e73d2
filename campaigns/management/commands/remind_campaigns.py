from datetime import date

from django.core.management.base import BaseCommand, CommandError

from campaigns import reminders


class Command(BaseCommand):
    help = ("提醒督查工作中阶段即将到期或已超期的单位（站内通知和邮件，每个单位每天至多一次），"
            "超期较久的报告上级红十字会；请每天运行。")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default=None, help="按哪一天推算，YYYY-MM-DD，默认今天")

    def handle(self, *args, as_of, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        sent = reminders.remind(day)
        self.stdout.write(f"已提醒 {sent.units} 个单位，向上级报告 {sent.escalated} 个超期单位。")
