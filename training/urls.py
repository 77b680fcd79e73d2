from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.class_list, name="classes"),
    path("new/", views.class_create, name="class_create"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.class_detail, name="class"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/import/", views.roster_import, name="import"),
    path("<int:pk>/import/failed/<str:token>.xlsx", views.import_failed, name="import_failed"),
]
