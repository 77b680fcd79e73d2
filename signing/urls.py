from django.urls import path

from signing import views

app_name = "signing"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("issue/", views.issue, name="issue"),
    path("import/", views.import_pkcs12, name="import"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("ca.crt", views.ca_certificate, name="ca_certificate"),
    path("verify/", views.verify_upload, name="verify"),
]
