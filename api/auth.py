"""Who may call the API, how often, and what every call leaves in the audit log."""

from django.utils import timezone
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from api.models import IntegrationAccount, token_hash


class IntegrationTokenAuthentication(BaseAuthentication):
    keyword = b"token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed()
        try:
            token = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed() from None
        account = (IntegrationAccount.objects.select_related("org")
                   .filter(token_hash=token_hash(token), is_active=True).first())
        if account is None:
            raise exceptions.AuthenticationFailed()
        IntegrationAccount.objects.filter(pk=account.pk).update(last_used_at=timezone.now())
        return account, None

    def authenticate_header(self, request):
        return "Token"


class IsIntegrationAccount(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.user, IntegrationAccount) and request.user.is_active


class AccountThrottle(throttling.SimpleRateThrottle):
    scope = "account"

    def get_cache_key(self, request, view):
        if isinstance(request.user, IntegrationAccount):
            return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
        return None


class AddressThrottle(throttling.SimpleRateThrottle):
    """Per client address, so that guessing tokens is throttled too."""

    scope = "address"

    def get_cache_key(self, request, view):
        from lib.proxies import client_ip

        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}
