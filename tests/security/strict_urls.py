from django.urls import path

from tests.security import views

urlpatterns = [
    path("unscoped/", views.unscoped_member_list),
    path("scoped/", views.scoped_member_list),
]
