import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect


class SessionLifetimeMiddleware:
    """An absolute session lifetime on top of the 30-minute idle timeout (ASVS 7.3.2):
    however active, a session ends ``SESSION_ABSOLUTE_LIFETIME`` seconds after sign-in."""

    KEY = "_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(self.KEY, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, "登录已超过最长有效时间，请重新登录。")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
