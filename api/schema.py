"""The OpenAPI description (drf-spectacular): the token scheme, and the refusals every
operation can answer with, so that a client (and schemathesis) knows each status it may get."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class Error(serializers.Serializer):
    detail = serializers.CharField(help_text="中文说明")


ERRORS = {"401": "缺少或无效的接口令牌", "404": "不在本账号数据范围内或不存在", "405": "只读接口",
          "429": "调用过于频繁"}


class PortalSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.view.__module__ != "api.views":
            return responses
        for code, text in ERRORS.items():
            responses.setdefault(code, {**self._get_response_for_code(Error, code), "description": text})
        # query parameters refused, each with its Chinese reason (or one ``detail`` for the whole
        # request, e.g. a NUL byte, refused by orgs.middleware.QueryCheckMiddleware)
        responses.setdefault("400", {"description": "请求参数有误（中文说明）", "content": {
            "application/json": {"schema": {"type": "object", "additionalProperties": {"oneOf": [
                {"type": "string"}, {"type": "array", "items": {"type": "string"}}]}}}}})
        return responses


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.auth.IntegrationTokenAuthentication"
    name = "接口令牌"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token <令牌>（管理员用 manage.py create_api_token 生成）"}
