from django.urls import path

from relief.views import public

app_name = "disclosure"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:org_pk>/<int:year>/<int:month>/", public.month, name="month"),
    path("receipt/<str:token>/", public.receipt_check, name="receipt"),
]
