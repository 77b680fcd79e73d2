"""Integration accounts of the open data API: a platform (e.g. the province's) reading one
subtree with a token. An account stands in for a user in ``orgs.scoping``: it has an org, sees
that org's subtree and nothing else, and is never a superuser."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone

from orgs.models import Organization, Role
from orgs.querysets import ScopedQuerySet

TOKEN_PREFIX = "rcapi_"


def token_hash(token: str) -> str:
    """Tokens are 32 random bytes, so a plain SHA-256 suffices to store them unreadable."""
    return hashlib.sha256(token.encode()).hexdigest()


class IntegrationAccount(models.Model):
    ORG_PATH = "org__path"

    name = models.CharField("接入系统名称", max_length=100)
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="integration_accounts",
                            verbose_name="数据范围（组织）")
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    token_hint = models.CharField("令牌开头", max_length=16, editable=False)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    created_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="创建人")
    last_used_at = models.DateTimeField("最近调用", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    # what ``orgs.scoping`` reads of a user: an account sees its org's subtree, read-only
    is_authenticated = True
    is_anonymous = False
    is_superuser = False
    is_staff = False
    role = Role.REVIEWER

    class Meta:
        verbose_name = "接口账号"
        verbose_name_plural = "接口账号"

    def __str__(self) -> str:
        return f"{self.name}（{self.org}）"

    @property
    def username(self) -> str:
        return f"接口账号:{self.name}"

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def new_token(self) -> str:
        """A fresh token (shown once, stored only as its hash); the previous one stops working."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_hash, self.token_hint = token_hash(token), token[:10]
        return token
