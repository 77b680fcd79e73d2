"""Login lock-out (等保 8.1.4.1 b; checklist row 6), made of django-axes' own settings hooks.

* Failures count per (login name, client address) — ``AXES_LOCKOUT_PARAMETERS`` — so that one
  client cannot lock anybody else out, however many clients share a proxy: 5 failures lock that
  name from that address for ``LOGIN_COOLOFF``.
* One address failing ``LOGIN_IP_FAILURE_LIMIT`` times across any names (credential stuffing) is
  locked out for every name: ``parameters`` then counts by address alone.
* A name failing from ``LOGIN_SPREAD_ADDRESSES`` addresses or more within ``LOGIN_COOLOFF_SPREAD``
  (its password guessed from many places) cools off for that longer time (``cool_off``,
  ``AXES_COOLOFF_TIME``); the owner signing in from an address with no failures is not blocked.
* The client address is ``lib.proxies.client_ip`` (``AXES_CLIENT_IP_CALLABLE``).
* An admin ends an account's lock with ``unlock`` (axes' ``reset``), which is audit-logged.
"""

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from lib import audit
from orgs import scoping

BY_NAME_AND_ADDRESS = [["username", "ip_address"]]
BY_ADDRESS = ["ip_address"]


def _now(request):
    return getattr(request, "axes_attempt_time", None) or timezone.now()


def _address(request):
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request)


def parameters(request, credentials=None) -> list:
    """``AXES_LOCKOUT_PARAMETERS``: per name and address, or per address once it stuffs credentials."""
    if not hasattr(request, "META"):  # axes asks about a stored attempt: the usual combination
        return BY_NAME_AND_ADDRESS
    since = _now(request) - settings.LOGIN_COOLOFF
    failures = (AccessAttempt.objects.filter(ip_address=_address(request), attempt_time__gte=since)
                .aggregate(n=Sum("failures_since_start"))["n"] or 0)
    return BY_ADDRESS if failures >= settings.LOGIN_IP_FAILURE_LIMIT else BY_NAME_AND_ADDRESS


def cool_off(request=None) -> timedelta:
    """``AXES_COOLOFF_TIME``: longer for a name that fails from several addresses (axes' failure
    log, kept past the cool-off, holds the addresses)."""
    if request is None or not hasattr(request, "META"):
        return settings.LOGIN_COOLOFF
    username = get_client_username(request, getattr(request, "axes_credentials", None))
    if not username:
        return settings.LOGIN_COOLOFF
    since = _now(request) - settings.LOGIN_COOLOFF_SPREAD
    addresses = (AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)
                 .values("ip_address").distinct().count())
    return settings.LOGIN_COOLOFF_SPREAD if addresses >= settings.LOGIN_SPREAD_ADDRESSES else settings.LOGIN_COOLOFF


def hold_spread_failures(sender, credentials, request=None, **kwargs):
    """After axes has counted a failure (a ``user_login_failed`` receiver, ``orgs.apps``): once a
    name fails from several addresses, each of its failures — also those from before it spread —
    is kept for the longer cool-off, so every address it was guessed from stays locked that long."""
    if request is None or cool_off(request) != settings.LOGIN_COOLOFF_SPREAD:
        return
    username = get_client_username(request, credentials)
    for attempt in AccessAttempt.objects.filter(username=username).select_related("expiration"):
        until = attempt.attempt_time + settings.LOGIN_COOLOFF_SPREAD
        expiration = getattr(attempt, "expiration", None)
        if expiration is not None and expiration.expires_at < until:
            expiration.expires_at = until
            expiration.save(update_fields=["expires_at"])


def locked(usernames) -> set[str]:
    """Which of ``usernames`` are locked out from at least one address now."""
    return set(AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        expiration__expires_at__gt=timezone.now()).values_list("username", flat=True))


def unlock(account, *, by, request=None) -> int:
    """End every lock of ``account``'s login name (axes' ``reset``); admins of its subtree only."""
    scoping.require(by, "account.manage", account)
    count = reset(username=account.username)
    audit.record("auth.unlocked", request=request, user=by, obj=account, org=account.org, attempts=count)
    return count


def purge() -> int:
    """Drop axes' failure log past a day: it only answers "from how many addresses did this name
    fail within the hour" (the audit log keeps every failure for its own retention)."""
    return AxesProxyHandler.reset_failure_logs(age_days=1)
