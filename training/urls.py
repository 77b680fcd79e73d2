from django.urls import path

from training import cert_views, views

app_name = "training"

urlpatterns = [
    path("", views.class_list, name="classes"),
    path("new/", views.class_create, name="class_create"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.class_detail, name="class"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/import/", views.roster_import, name="import"),
    path("<int:pk>/certificates/", cert_views.issue, name="issue"),
    path("certificates/", cert_views.certificate_list, name="certificates"),
    path("certificates/export/", cert_views.certificate_export, name="certificate_export"),
    path("certificates/<int:pk>/pdf/", cert_views.certificate_pdf, name="certificate_pdf"),
    path("<int:pk>/import/failed/<str:token>.xlsx", views.import_failed, name="import_failed"),
]
