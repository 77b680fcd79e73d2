from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.open_one, name="open"),
    path("settings/", views.settings_page, name="settings"),
]
