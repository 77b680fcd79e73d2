import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect


class SessionLifetimeMiddleware:
    """The session's two limits. Idle: ``SESSION_COOKIE_AGE`` (30 minutes) after the last request;
    the expiry moves on at most once every ``SESSION_REFRESH_SECONDS`` (60), so a page costs no
    session write on most requests and concurrent requests of one user do not queue on its
    session row (bench/RESULTS-load.md); the idle limit is thus 29 to 30 minutes. Absolute
    (ASVS 7.3.2): however active, a session ends ``SESSION_ABSOLUTE_LIFETIME`` seconds after
    sign-in."""

    SIGNED_IN = "_signed_in_at"
    SEEN = "_seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(self.SIGNED_IN, now)
            if now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, "登录已超过最长有效时间，请重新登录。")
                return redirect(settings.LOGIN_URL)
            if now - request.session.get(self.SEEN, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[self.SEEN] = now  # saved, with a new idle expiry, by SessionMiddleware
        return self.get_response(request)


class AuditMiddleware:
    """Makes the client's address available to ``lib.audit.record`` for the whole request, and
    records the refusals (404 out of scope, 403 wrong role) of a signed-in user, counted per minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from lib import audit

        token = audit.current_ip.set(audit.client_ip(request))
        try:
            return self.get_response(request)
        finally:
            audit.current_ip.reset(token)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        from lib import audit

        if isinstance(exception, (Http404, PermissionDenied)) and request.user.is_authenticated:
            audit.record_denial(request, path=request.path[:200], method=request.method,
                                status=404 if isinstance(exception, Http404) else 403)
        return None


class InvalidQuery(Exception):
    """A query string a page cannot mean (a number of days no list can have, …), raised by a view
    with a Chinese message; ``QueryCheckMiddleware`` answers it with a 400."""


class QueryCheckMiddleware:
    """Malformed query strings are a 400 with a Chinese message, never a server error: a NUL byte
    anywhere in the path or the query (PostgreSQL refuses it in any string it stores or compares),
    and a view's ``InvalidQuery``. Early in ``MIDDLEWARE``: nothing has read the query yet."""

    NUL = "\x00"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.NUL in request.path or any(self.NUL in key or any(self.NUL in v for v in values)
                                           for key, values in request.GET.lists()):
            if request.path.startswith("/api/"):  # API clients read JSON, as every other API refusal
                from django.http import JsonResponse

                return JsonResponse({"detail": "地址中含有不允许的字符。"}, status=400)
            return self.bad_request("地址中含有不允许的字符。")
        return self.get_response(request)

    def process_exception(self, request, exception):
        return self.bad_request(str(exception)) if isinstance(exception, InvalidQuery) else None

    @staticmethod
    def bad_request(message: str):
        from django.http import HttpResponseBadRequest
        from django.template.loader import render_to_string

        return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))


class StrictScopingMiddleware:
    """Strict mode for scoped querysets while a view runs (checklist row 4; ``orgs/querysets.py``).
    On with ``SCOPING_STRICT`` (default: under pytest and with ``DEBUG``), off in production,
    where a missed scope must never turn into an error page for users. Last in ``MIDDLEWARE``:
    sign-in, sessions and lock-out run before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.SCOPING_STRICT:
            return self.get_response(request)
        from orgs.querysets import checking

        token = checking.set(True)
        try:
            return self.get_response(request)
        finally:
            checking.reset(token)


class ForcePasswordChangeMiddleware:
    """An account whose password was chosen by someone else (an admin, ``load_demo``) may do nothing
    but change it, or sign out, until it has (等保 8.1.4.1; checklist row 9). Production only:
    with ``DEBUG`` on, demo accounts work straight away for development."""

    ALLOWED = ("password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import reverse

        user = request.user
        if (not settings.DEBUG and user.is_authenticated and user.must_change_password
                and request.path not in {reverse(name) for name in self.ALLOWED}):
            messages.warning(request, "首次登录请先修改初始密码，修改后才能使用平台。")
            return redirect("password_change")
        return self.get_response(request)


class OnceMiddleware:
    """A POST carrying a one-time form token (``{% once_token %}``) is handled once: the same
    token again is answered with a redirect to the page and a message instead of a second record.
    The token is spent in the same transaction as the view's writes: a request that fails (a 5xx
    answer, a lost database connection) rolls both back, so the user's retry goes through. A
    second copy of the token arriving meanwhile waits on the unique row until the first commits.
    A form re-shown with errors carries a new token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import IntegrityError, transaction

        from orgs.models import UsedFormToken
        from orgs.templatetags.once import FIELD

        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token:
            return self.get_response(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    UsedFormToken.objects.create(token=token[:64], path=request.path[:200])
            except IntegrityError:
                messages.warning(request, "该表单已经提交过，本次重复提交未再保存。")
                return redirect(request.path)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
