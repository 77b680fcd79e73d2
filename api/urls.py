from django.http import JsonResponse
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"
urlpatterns = [
    path("v1/orgs/", views.OrgList.as_view(), name="orgs"),
    path("v1/orgs/<int:pk>/", views.OrgDetail.as_view(), name="org"),
    path("v1/orgs/<int:pk>/statistics/", views.OrgStatistics.as_view(), name="org_statistics"),
    path("v1/filings/", views.FilingList.as_view(), name="filings"),
    path("v1/filings/<int:pk>/", views.FilingDetail.as_view(), name="filing"),
    path("schema/", SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[]), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", authentication_classes=[],
                                                      permission_classes=[]), name="docs"),
    # any other address under /api/ (an id that is no number, …): a JSON 404 as API clients expect
    re_path(r"", lambda request, *args: JsonResponse({"detail": "未找到该记录。"}, status=404)),
]
