"""Refusals of the API in Chinese (no English reaches a user, API callers included)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_handler

#: Chinese text for every refusal DRF can give (no English reaches a user, API callers included)
MESSAGES = {
    exceptions.NotAuthenticated: "请在请求头 Authorization 中提供接口令牌（Token <令牌>）。",
    exceptions.AuthenticationFailed: "接口令牌无效或已停用。",
    exceptions.PermissionDenied: "您没有执行此操作的权限。",
    exceptions.NotFound: "未找到该记录。",
    exceptions.MethodNotAllowed: "本接口只读，不支持该请求方法。",
    exceptions.NotAcceptable: "不支持请求的响应格式，请使用 application/json。",
    exceptions.Throttled: "调用过于频繁，请稍后再试。",
    exceptions.ParseError: "请求格式错误。",
    exceptions.UnsupportedMediaType: "不支持的请求内容类型。",
}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is not None:
        for kind, text in MESSAGES.items():
            if isinstance(exc, kind):
                response.data = {"detail": text}
                break
    return response
