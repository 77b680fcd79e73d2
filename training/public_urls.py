from django.urls import path

from training import public

app_name = "verify"

urlpatterns = [
    path("certificate/<str:token>/", public.certificate_check, name="certificate"),
]
