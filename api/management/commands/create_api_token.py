from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from api.models import IntegrationAccount
from lib import audit
from orgs.models import Organization


class Command(BaseCommand):
    help = ("新建接口账号或为已有账号换发令牌。令牌只在此显示一次（数据库只保存其摘要），旧令牌立即失效。"
            "例：manage.py create_api_token --org 雁江区红十字会 --name 省平台")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="数据范围：组织名称或编号（只能读取其下级范围）")
        parser.add_argument("--name", required=True, help="接入系统名称")
        parser.add_argument("--disable", action="store_true", help="停用该账号（令牌立即失效），不生成新令牌")

    @transaction.atomic
    def handle(self, *args, org, name, disable=False, **options):
        orgs = Organization.objects.filter(pk=int(org)) if org.isdigit() else Organization.objects.filter(name=org)
        if orgs.count() != 1:
            raise CommandError(f"找不到唯一的组织：{org}")
        target = orgs.get()
        account = IntegrationAccount.objects.filter(org=target, name=name).first() or \
            IntegrationAccount(org=target, name=name)
        if disable:
            if account.pk is None:
                raise CommandError(f"没有这个接口账号：{name}")
            account.is_active = False
            account.save(update_fields=["is_active"])
            audit.record("api.token_disabled", org=target, username="运维", account=account.name)
            self.stdout.write(f"已停用接口账号：{account}")
            return
        token = account.new_token()
        account.is_active = True
        account.save()
        audit.record("api.token_issued", org=target, username="运维", account=account.name)
        self.stdout.write(f"接口账号：{account}\n令牌（只显示这一次，请妥善保存）：{token}")
