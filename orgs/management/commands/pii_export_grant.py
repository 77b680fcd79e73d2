from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError

from lib import audit
from orgs import scoping
from orgs.models import User


class Command(BaseCommand):
    help = ("授予（或 --revoke 收回）账号导出含完整身份证号码、手机号码名册的权限；"
            "导出时另需该账号的角色允许并填写理由（orgs/scoping.py 的 GRANTS）。")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="收回权限")

    def handle(self, username, revoke=False, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"账号不存在：{username}")
        codenames = {perm.split(".", 1)[1] for perm in scoping.GRANTS.values()}
        perms = Permission.objects.filter(codename__in=codenames)
        if revoke:
            user.user_permissions.remove(*perms)
        else:
            user.user_permissions.add(*perms)
        audit.record("account.pii_export_grant", user=None, obj=user, org=user.org,
                     granted=not revoke, permissions=sorted(codenames))
        self.stdout.write(self.style.SUCCESS(f"已{'收回' if revoke else '授予'} {username} 导出完整个人信息的权限。"))
