from django.urls import path

from reports import target_views, views

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("export.xlsx", views.statistics_export, name="export"),
    path("<int:pk>/year-end/", views.year_end_submit, name="year_end_submit"),
    path("targets/", target_views.target_page, name="targets"),
]
