"""The open data API, read-only (``/api/v1/``). Every queryset goes through ``orgs.scoping`` with
the integration account in the place of a user: its subtree, 404 outside. Every call, refused
ones included, is written to the audit log."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.models import IntegrationAccount
from api.serializers import FilingSerializer, OrgSerializer, StatisticsQuery, StatisticsSerializer
from filings.models import Filing, Status
from lib import audit
from orgs import scoping
from orgs.models import Organization
from reports.report import build_report
from reports.statistics import ITEMS


class Cursor(pagination.CursorPagination):
    """Keyset pages: a province's tree or filings never go through OFFSET."""

    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"
    invalid_cursor_message = "分页游标无效。"

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [f"每页条数应为 1 至 {self.max_page_size} 的整数。"]})
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.cursor_query_param:  # what ``next``/``previous`` hand out
                parameter["schema"]["pattern"] = "^[A-Za-z0-9+/=_-]*$"
        return parameters


class ApiView(generics.GenericAPIView):
    def finalize_response(self, request, response, *args, **kwargs):
        account = request.user if isinstance(request.user, IntegrationAccount) else None
        audit.record("api.call", username=account.username if account else "",
                     org=account.org if account else None,
                     outcome="success" if response.status_code < 400 else "failure",
                     path=request.path[:200], query=request.META.get("QUERY_STRING", "")[:200],
                     status=response.status_code)
        return super().finalize_response(request, response, *args, **kwargs)


@extend_schema_view(get=extend_schema(summary="组织树",
                                     description="本账号数据范围内的全部组织，按树的顺序（先上级后下级）分页。"))
class OrgList(ApiView, generics.ListAPIView):
    """The org tree of the account's subtree, in tree order (by materialized path)."""

    serializer_class = OrgSerializer
    pagination_class = type("OrgCursor", (Cursor,), {"ordering": "path"})

    def get_queryset(self):
        return scoping.scope(Organization.objects.all(), self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        parent_paths = {org.path[:-Organization.steplen] for org in page}
        parents = dict(scoping.scope(Organization.objects.filter(path__in=parent_paths), request.user)
                       .values_list("path", "pk"))
        data = OrgSerializer(page, many=True, context={"parents": parents}).data
        return self.get_paginated_response(data)


@extend_schema_view(get=extend_schema(summary="组织", description="一个组织；不在本账号数据范围内时为 404。"))
class OrgDetail(ApiView, generics.RetrieveAPIView):
    serializer_class = OrgSerializer

    def get_queryset(self):
        return scoping.scope(Organization.objects.all(), self.request.user)

    def retrieve(self, request, *args, **kwargs):
        org = self.get_object()
        parent = org.path[:-Organization.steplen]
        parents = dict(scoping.scope(Organization.objects.filter(path=parent), request.user)
                       .values_list("path", "pk"))
        return Response(OrgSerializer(org, context={"parents": parents}).data)


class OrgStatistics(ApiView):
    """The 14 items (seed 002 附件1/附件2) of an org's subtree as of a date, with the increase
    over the base year's end: the same ``reports.report.build_report`` the statistics page uses."""

    serializer_class = StatisticsSerializer

    def get_queryset(self):
        return scoping.scope(Organization.objects.all(), self.request.user)

    @extend_schema(parameters=[StatisticsQuery], responses=StatisticsSerializer, summary="14 项统计指标",
                   description="组织及其下级截至某日的 14 项指标（与统计页面相同），及与基准年年末相比的增加数。")
    def get(self, request, pk):
        org = self.get_object()
        query = StatisticsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        on, base_year = query.validated_data["as_of"], query.validated_data["base_year"]
        report = build_report(org, on, base_year, with_children=False)
        items = [{"number": item.number, "label": item.survey_label, "value": report.survey.get(item.number),
                  "increase_label": item.increase_label, "increase": report.increase.get(item.number)}
                 for item in ITEMS]
        return Response(StatisticsSerializer({"org": org.pk, "org_name": org.name, "as_of": on,
                                              "base_year": base_year, "items": items}).data)


STATUS_PARAM = OpenApiParameter("status", str, enum=list(Status.values), description="按状态筛选")


class FilingList(ApiView, generics.ListAPIView):
    """Filings of the account's subtree and their state; no personal data."""

    serializer_class = FilingSerializer
    pagination_class = type("FilingCursor", (Cursor,), {"ordering": "id"})

    def get_queryset(self):
        filings = scoping.scope(Filing.objects.select_related("org", "record_body"), self.request.user)
        status = self.request.query_params.get("status")
        if status is None:
            return filings
        if status not in Status.values:
            raise ValidationError({"status": ["状态应为 " + "、".join(Status.values) + " 之一。"]})
        return filings.filter(status=status)

    @extend_schema(parameters=[STATUS_PARAM], summary="备案表状态",
                   description="数据范围内的备案表及其状态、备案编号；不含任何个人信息。")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema_view(get=extend_schema(summary="备案表", description="一份备案表的状态；不含任何个人信息。"))
class FilingDetail(ApiView, generics.RetrieveAPIView):
    serializer_class = FilingSerializer

    def get_queryset(self):
        return scoping.scope(Filing.objects.select_related("org", "record_body"), self.request.user)
